package org.mpsharness.core.device;

/** Where a heap's memory lives: host-visible (Metal {@code MTLStorageModeShared}) or device-only (Private). */
public enum StorageMode {
    SHARED,
    PRIVATE
}
