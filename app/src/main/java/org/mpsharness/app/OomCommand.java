package org.mpsharness.app;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mpsharness.app.result.ResultsDoc;
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
import org.mpsharness.core.stream.CommitGates;
import org.mpsharness.core.workload.RunChecks;
import picocli.CommandLine;

/**
 * The out-of-memory fault on a device: a worker asks for more than the device holds, one block at a time; the
 * allocator must walk its ladder and end in a clear out-of-memory error; afterwards, once everything is freed and the
 * cache emptied, the device's free memory must be back to its starting figure and every slot free. Exit 0 when all of
 * that holds, 1 otherwise; 2 for a block the device can never hold (the allocator would refuse it as an invalid size,
 * so the device would never run out: no verdict on the ladder could come of it).
 */
@CommandLine.Command(name = "oom", mixinStandardHelpOptions = true, sortOptions = false,
        description = "The out-of-memory fault: exhaust the device one block at a time, expect a clear error and "
                + "nothing leaked.")
final class OomCommand implements Callable<Integer> {
    private final Harness h;

    @CommandLine.Option(names = "--backend", defaultValue = "sim", paramLabel = "NAME",
            description = "sim|cuda|metal (default: ${DEFAULT-VALUE})")
    String backend;
    @CommandLine.Option(names = "--design", defaultValue = "both", paramLabel = "SPEC",
            description = "both|ablations|SPEC (default: ${DEFAULT-VALUE})")
    String design;
    @CommandLine.Option(names = "--block-mib", defaultValue = "1024", paramLabel = "N",
            description = "the size of each block in MiB, 1..1048576, below the device's largest buffer "
                    + "(default: ${DEFAULT-VALUE})")
    long blockMib;
    @CommandLine.Mixin
    OutputOptions output;

    OomCommand(Harness h) {
        this.h = h;
    }

    @Override
    public Integer call() {
        Args.choice("--backend", backend, RunCommand.BACKENDS);
        long block = Args.range("--block-mib", blockMib, 1, 1 << 20) * AllocSizes.MiB;
        String mode = Env.commitMode(h.env);
        List<DesignSet> designs = RunCommand.designs(design, null);
        try (Session s = h.session("oom", output, null)) {
            boolean ok = true;
            for (DesignSet d : designs) {
                if (s.interrupted()) {
                    break;
                }
                ok &= runOne(d, block, mode, s);
            }
            return s.finish(ok ? Command.OK : Command.VIOLATION);
        }
    }

    /** A block the device can never hold is bad input: said before anything runs. */
    private static void fits(Device dev, long block) {
        long max = dev.maxBufferLength();
        if (block >= max) {
            dev.close();
            throw new UsageException("--block-mib " + block / AllocSizes.MiB + ": the device can never hold a block "
                    + "that size (its largest buffer is " + (max - 1) / AllocSizes.MiB + " MiB): the allocator would "
                    + "refuse it as an invalid size and the device would never run out; give less");
        }
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

    private boolean runOne(DesignSet design, long block, String mode, Session s) {
        PrintStream out = h.out;
        Device dev = h.devices.open(backend);
        fits(dev, block);
        // no high watermark: the device itself must run out
        MpsRuntime rt = MpsRuntime.create(design, dev, PoolConfig.defaults(),
                AllocatorConfig.defaults().withWatermarks(0, 0),
                mode == null ? Map.of() : Map.of(CommitGates.ENV, mode));
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
        boolean ok = clear && back && slotsFree && leaks.isEmpty();
        s.results().check(new ResultsDoc.Check(design.name(), "allocator", "oom on " + backend, ok ? "PASS" : "FAIL",
                (System.nanoTime() - t0) / 1e9, ok ? null : "error: " + error + "; free memory " + (back ? "back"
                : "NOT BACK") + "; slots free: " + slotsFree + "; leaks: " + leaks, null));
        return ok;
    }
}
