package org.mpsharness.core.alloc;

/**
 * Padding laid out before a {@link BufferBlock}'s fields (superclass fields come first): {@link
 * org.mpsharness.core.CacheLines#BYTES} bytes of {@code long}s (a test checks the count against the constant). A
 * block's fields are written on every malloc and free by the thread that owns it; after a garbage collection has packed
 * blocks of different threads next to each other, those writes would otherwise share cache lines between threads.
 */
@SuppressWarnings("unused")
abstract class BlockPadding {
    long p00;
    long p01;
    long p02;
    long p03;
    long p04;
    long p05;
    long p06;
    long p07;
    long p08;
    long p09;
    long p10;
    long p11;
    long p12;
    long p13;
    long p14;
    long p15;
}
