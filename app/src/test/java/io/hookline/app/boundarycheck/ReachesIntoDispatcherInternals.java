package io.hookline.app.boundarycheck;

import io.hookline.dispatcher.internal.ResponseClassifier;

/** Breaks "internals stay in their module": even the app, which wires the stages, uses only their roots. */
public final class ReachesIntoDispatcherInternals {
    public String describe(ResponseClassifier classifier) {
        return classifier.toString();
    }
}
