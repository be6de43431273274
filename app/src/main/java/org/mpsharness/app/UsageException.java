package org.mpsharness.app;

/**
 * Bad input from the user (arguments, configuration, environment, input files). The command line prints its message
 * as one line and exits with code 2, never a stack trace.
 */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
