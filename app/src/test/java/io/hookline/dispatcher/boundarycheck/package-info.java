/**
 * Test classes that break (or keep) one boundary each, in the package whose rule they test, so
 * that {@code io.hookline.app.ArchitectureRulesTest} can show each rule of
 * {@code io.hookline.app.ArchitectureTest} failing. Nothing runs them.
 */
package io.hookline.dispatcher.boundarycheck;
