package org.mpsharness.model.check;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.mpsharness.core.pool.ImprovedStreamPool;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.sim.SimDevice;
import org.mpsharness.core.stream.CommitGate;
import org.mpsharness.core.stream.DisabledCommitGate;
import org.mpsharness.core.stream.MpsStream;

/**
 * Contract of a {@link CommitGate} (improvement 2's safety property): never commit-and-continue while another stream
 * is active, including a stream that becomes active during one; and, unless the gate is "off", do continue for a
 * sole active stream (else single-thread throughput is not recovered).
 */
final class GateContract {
    private GateContract() {
    }

    static void run(Supplier<CommitGate> make) throws Exception {
        SimDevice dev = new SimDevice();
        try (StreamPool pool = new ImprovedStreamPool(dev, new DisabledCommitGate(), PoolConfig.defaults())) {
            MpsStream a = pool.getStream(1);
            MpsStream b = pool.getStream(2);
            CommitGate gate = make.get();
            gate.activate(a);
            boolean sole = gate.tryBeginContinue(a);
            if (sole) {
                gate.endContinue(a);
            }
            Contracts.require(sole || gate.mode().equals("off"), "no commit-and-continue for the sole active stream");
            gate.activate(b);
            boolean both = gate.tryBeginContinue(a);
            if (both) {
                gate.endContinue(a);
            }
            Contracts.require(!both, "commit-and-continue while another stream is active");
            gate.deactivate(b);
            if (gate.tryBeginContinue(a)) {
                AtomicBoolean activated = new AtomicBoolean();
                CountDownLatch started = new CountDownLatch(1);
                Thread t = new Thread(() -> {
                    started.countDown();
                    gate.activate(b);
                    activated.set(true);
                });
                t.start();
                started.await();
                Thread.sleep(50);
                boolean early = activated.get();
                gate.endContinue(a);
                t.join(5_000);
                Contracts.require(!early, "a second stream became active during a commit-and-continue");
            }
        }
    }
}
