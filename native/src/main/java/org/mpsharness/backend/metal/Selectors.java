package org.mpsharness.backend.metal;

/**
 * Every selector the backend sends, registered once when the runtime is bound. A selector the runtime does not know
 * is registered all the same (sel_registerName never fails); sending it is what fails, loudly, on both runtimes.
 */
final class Selectors {
    // memory management (NSObject)
    final long retain = sel("retain");
    final long release = sel("release");
    final long alloc = sel("alloc");
    final long init = sel("init");
    // MTLDevice
    final long newCommandQueue = sel("newCommandQueue");
    final long newHeapWithDescriptor = sel("newHeapWithDescriptor:");
    final long newSharedEvent = sel("newSharedEvent");
    final long newBufferWithLengthOptions = sel("newBufferWithLength:options:");
    final long heapBufferSizeAndAlign = sel("heapBufferSizeAndAlignWithLength:options:");
    final long maxBufferLength = sel("maxBufferLength");
    final long recommendedMaxWorkingSetSize = sel("recommendedMaxWorkingSetSize");
    final long hasUnifiedMemory = sel("hasUnifiedMemory");
    final long currentAllocatedSize = sel("currentAllocatedSize");
    final long name = sel("name");
    // MTLCommandQueue, MTLCommandBuffer
    final long commandBuffer = sel("commandBuffer");
    final long commit = sel("commit");
    final long waitUntilCompleted = sel("waitUntilCompleted");
    final long status = sel("status");
    final long error = sel("error");
    final long encodeSignalEvent = sel("encodeSignalEvent:value:");
    final long encodeWaitForEvent = sel("encodeWaitForEvent:value:");
    final long blitCommandEncoder = sel("blitCommandEncoder");
    // MTLBlitCommandEncoder
    final long fillBuffer = sel("fillBuffer:range:value:");
    final long copyBuffer = sel("copyFromBuffer:sourceOffset:toBuffer:destinationOffset:size:");
    final long endEncoding = sel("endEncoding");
    // MTLHeapDescriptor, MTLHeap, MTLBuffer, MTLSharedEvent
    final long setSize = sel("setSize:");
    final long setStorageMode = sel("setStorageMode:");
    final long setHazardTrackingMode = sel("setHazardTrackingMode:");
    final long maxAvailableSizeWithAlignment = sel("maxAvailableSizeWithAlignment:");
    final long contents = sel("contents");
    final long signaledValue = sel("signaledValue");
    // NSError, NSString
    final long localizedDescription = sel("localizedDescription");
    final long utf8String = sel("UTF8String");

    private static long sel(String name) {
        return ObjC.sel_registerName(name);
    }
}
