package org.mpsharness.backend.common;

import org.mpsharness.core.device.DeviceBuffer;

/**
 * What every native device shares: its ledger, its completion poller and its completion-handler thread, and the
 * closed flag. One per device object.
 */
public final class BackendCore {
    private final String deviceName;
    private final Class<? extends TrackedBuffer> bufferType;
    private final DeviceLedger ledger = new DeviceLedger();
    private final HandlerRunner handlers;
    private final CompletionPoller poller;
    private volatile boolean closed;

    public BackendCore(String deviceName, Class<? extends TrackedBuffer> bufferType,
                       CompletionPoller.ScanScope pollerScope) {
        this.deviceName = deviceName;
        this.bufferType = bufferType;
        this.handlers = new HandlerRunner(deviceName, ledger);
        this.poller = new CompletionPoller(deviceName, ledger, pollerScope);
    }

    public String deviceName() {
        return deviceName;
    }

    public DeviceLedger ledger() {
        return ledger;
    }

    public CompletionPoller poller() {
        return poller;
    }

    public HandlerRunner handlers() {
        return handlers;
    }

    /** The buffer as this backend's type; a buffer of another backend is a caller bug. */
    public TrackedBuffer own(DeviceBuffer b) {
        if (!bufferType.isInstance(b)) {
            throw new IllegalArgumentException(b + " is not a buffer of " + deviceName);
        }
        return (TrackedBuffer) b;
    }

    public void checkOpen() {
        if (closed) {
            throw new IllegalStateException(deviceName + " is closed");
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /** Stops accepting work, completes what is in flight (bounded wait), stops the device threads. */
    public void shutdown(long millis) {
        closed = true;
        poller.shutdown(millis);
        handlers.shutdown(millis);
    }
}
