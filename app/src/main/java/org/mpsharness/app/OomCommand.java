package org.mpsharness.app;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mpsharness.core.alloc.AllocSizes;
import org.mpsharness.core.alloc.AllocatorConfig;
import org.mpsharness.core.alloc.BufferBlock;
import org.mpsharness.core.alloc.CachingAllocator;
import org.mpsharness.core.alloc.MpsOutOfMemoryException;
import org.mpsharness.core.alloc.Usage;
import org.mpsharness.core.design.DesignSet;

import org.mpsharness.core.design.MpsRuntime;
import org.mpsharness.core.device.Device;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.pool.SlotFreelist;
import org.mpsharness.core.pool.SlotLease;
import org.mpsharness.core.workload.RunChecks;

/**
 * The out-of-memory fault on a device: a worker asks for more than the device holds, one block at a time; the
 * allocator must walk its ladder and end in a clear out-of-memory error; afterwards, once everything is freed and the
 * cache emptied, the device's free memory must be back to its starting figure and every slot free. Exit 0 when all of
 * that holds, 1 otherwise.
 */
public final class OomCommand implements Command {
    private final RunCommand.DeviceOpener devices;

    public OomCommand(RunCommand.DeviceOpener devices) {
        this.devices = devices;
    }

    @Override
    public String name() {
        return "oom";
    }

    @Override
    public String summary() {
        return "out-of-memory fault: exhaust the device, expect a clear error and nothing leaked: "
                + "[--backend sim|cuda|metal] [--design both|ablations|SPEC] [--block-mib N]";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Options o = new Options(args, Set.of("backend", "design", "block-mib"), Set.of());
        String backend = o.choice("backend", "sim", Set.of("sim", "cuda", "metal"));
        String which = o.get("design", "both");
        long block = o.longValue("block-mib", 1024, 1, 1 << 20) * AllocSizes.MiB;
        boolean ok = true;
        for (DesignSet d : RunCommand.designs(which, null)) {
            ok &= runOne(d, backend, block, out);
        }
        return ok ? OK : VIOLATION;
    }

    /** One small allocation with GPU work on a worker stream, given back: the driver's lazy setup happens here. */
    private static void warmUp(MpsRuntime rt) {
        try (SlotLease lease = rt.pool().lease()) {
            BufferBlock b = rt.allocator().malloc(4096, Usage.PRIVATE);
            lease.stream().fill(b.buffer(), 0, 4096, (byte) 0x81);
            lease.stream().synchronize(org.mpsharness.core.stream.SyncType.COMMIT_AND_WAIT);
            rt.allocator().free(b);
            rt.allocator().flushThreadCache();
        }
        rt.allocator().emptyCache();
    }

    private boolean runOne(DesignSet design, String backend, long block, PrintStream out) {
        Device dev = devices.open(backend);
        // no high watermark: the device itself must run out
        MpsRuntime rt = MpsRuntime.create(design, dev, PoolConfig.defaults(),
                AllocatorConfig.defaults().withWatermarks(0, 0), Map.of());
        CachingAllocator a = rt.allocator();
        warmUp(rt);
        // measured after the driver's one-time allocations (kernel modules, stream state), which are not ours
        long freeBefore = dev.memoryInfo().free();
        List<BufferBlock> got = new ArrayList<>();
        String error = null;
        long t0 = System.nanoTime();
        try (SlotLease lease = rt.pool().lease()) {
            try {
                while (true) {
                    got.add(a.malloc(block, Usage.PRIVATE));
                }
            } catch (MpsOutOfMemoryException e) {
                error = e.getMessage();
            } catch (RuntimeException e) {
                error = "UNEXPECTED " + e;
            }
            for (BufferBlock b : got) {
                a.free(b);
            }
            a.flushThreadCache();
        }
        a.emptyCache();
        boolean slotsFree = rt.pool().freeSlots() == SlotFreelist.WORKER_SLOTS;
        List<String> leaks = RunChecks.closeAndCheck(rt);
        long freeAfter = dev.memoryInfo().free();
        dev.close();
        boolean clear = error != null && error.startsWith("MPS backend out of memory");
        boolean back = freeAfter >= freeBefore;
        out.printf("%-9s %-5s allocated %d x %d MiB (%.1f GiB) before the error in %.2f s%n", design.name(),
                backend, got.size(), block / AllocSizes.MiB, got.size() * (double) block / AllocSizes.GiB,
                (System.nanoTime() - t0) / 1e9);
        out.println("  error: " + (error == null ? "none" : error.lines().findFirst().orElse("")));
        out.printf("  device free memory: %,d B before, %,d B after (%s); slots free: %s; leaks: %s%n", freeBefore,
                freeAfter, back ? "back" : "NOT BACK: " + (freeBefore - freeAfter) + " B missing", slotsFree,
                leaks.isEmpty() ? "none" : leaks);
        return clear && back && slotsFree && leaks.isEmpty();
    }
}
