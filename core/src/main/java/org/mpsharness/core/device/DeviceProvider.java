package org.mpsharness.core.device;

/**
 * A backend that can open devices (CUDA, Metal), found at run time through {@link java.util.ServiceLoader}: the
 * modules that hold native code register one, so that code below them in the module order (the checks of the model
 * module, a check run in a child JVM) can run on a GPU without depending on them.
 */
public interface DeviceProvider {

    /** The backend's name as users type it ({@code cuda}, {@code metal}). */
    String backend();

    /**
     * Opens the backend's default device.
     *
     * @throws RuntimeException with a one-line message when the backend cannot run here
     */
    Device open();
}
