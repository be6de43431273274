package org.mpsharness.core.alloc;

import org.mpsharness.core.device.StorageMode;

/** The five buffer pools of the MPS allocator. */
public enum PoolKind {
    PRIVATE_SMALL(StorageMode.PRIVATE, true),
    PRIVATE_LARGE(StorageMode.PRIVATE, false),
    SHARED_SMALL(StorageMode.SHARED, true),
    SHARED_LARGE(StorageMode.SHARED, false),
    SCALAR(StorageMode.SHARED, true);

    private final StorageMode storage;
    private final boolean small;

    PoolKind(StorageMode storage, boolean small) {
        this.storage = storage;
        this.small = small;
    }

    public StorageMode storage() {
        return storage;
    }

    /** Small pools use 8 MiB heaps and are exempt from memory-pressure garbage collection. */
    public boolean small() {
        return small;
    }
}
