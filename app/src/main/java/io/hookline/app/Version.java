package io.hookline.app;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest. */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Hookline.class.getPackage().getImplementationVersion();
        return new String[] {"hookline " + (version == null ? "(development build)" : version)};
    }
}
