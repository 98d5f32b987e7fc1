package io.hookline.app;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs {@code hookline} in-process and captures what it prints. */
record Cli(int exitCode, String out, String err) {
    static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Hookline.commandLine()
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new Cli(code, out.toString(), err.toString());
    }

    /** Runs {@code args} against one broker and topic prefix. */
    static Cli against(String bootstrap, String prefix, String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 4);
        all[args.length] = "--bootstrap-server";
        all[args.length + 1] = bootstrap;
        all[args.length + 2] = "--topic-prefix";
        all[args.length + 3] = prefix;
        return run(all);
    }
}
