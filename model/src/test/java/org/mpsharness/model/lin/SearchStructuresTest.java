package org.mpsharness.model.lin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The search's data structures against plain reference implementations: the bitset's trimmed bounds and incremental
 * hash, the memo table's set semantics (a false "already seen" would prune a live branch and turn a pass into a
 * violation), and the event list's lift/unlift.
 */
class SearchStructuresTest {

    @Test
    void linearizedSetKeepsBoundsAndHashConsistentWithItsMembers() {
        Random rnd = new Random(7);
        int size = 300;
        LinearizedSet set = new LinearizedSet(size);
        LinearizedSet replay = new LinearizedSet(size);
        BitSet reference = new BitSet();
        for (int step = 0; step < 20_000; step++) {
            // mostly near the lowest clear bit, as the search does, sometimes anywhere
            int near = Math.min(size - 1, reference.nextClearBit(0) + rnd.nextInt(5));
            int i = rnd.nextInt(4) == 0 ? rnd.nextInt(size) : near;
            if (reference.get(i)) {
                set.remove(i);
                reference.clear(i);
            } else {
                set.add(i);
                reference.set(i);
            }
            int low = reference.nextClearBit(0) >>> 6;
            int high = reference.isEmpty() ? -1 : (reference.length() - 1) >>> 6;
            assertThat(set.low()).isEqualTo(Math.min(low, (size + 63) / 64));
            assertThat(set.high()).isEqualTo(high);
            assertThat(set.contains(i)).isEqualTo(reference.get(i));
        }
        // the hash depends on the members only, not on the path that led there
        reference.stream().forEach(replay::add);
        assertThat(replay.hash()).isEqualTo(set.hash());
    }

    @Test
    void configurationCachePrunesExactlyTheEqualAndDominatedConfigurations() {
        Random rnd = new Random(11);
        int size = 200;
        int unknowns = 70;
        ConfigurationCache cache = new ConfigurationCache();
        record Config(BitSet definite, BitSet unknown, Integer state) {
        }
        List<Config> reference = new ArrayList<>();
        LinearizedSet definite = new LinearizedSet(size);
        LinearizedSet unknown = new LinearizedSet(unknowns);
        BitSet d = new BitSet();
        BitSet u = new BitSet();
        for (int step = 0; step < 20_000; step++) {
            // few distinct positions, so that configurations recur; spread over several words
            if (rnd.nextInt(3) == 0) {
                flip(unknown, u, UNKNOWN_POSITIONS[rnd.nextInt(UNKNOWN_POSITIONS.length)]);
            } else {
                flip(definite, d, DEFINITE_POSITIONS[rnd.nextInt(DEFINITE_POSITIONS.length)]);
            }
            Integer state = rnd.nextInt(3);
            boolean dominated = reference.stream().anyMatch(c -> c.definite().equals(d) && c.state().equals(state)
                    && isSubset(c.unknown(), u));
            if (!dominated) {
                reference.add(new Config((BitSet) d.clone(), (BitSet) u.clone(), state));
            }
            assertThat(cache.add(definite, unknown, state)).as("step %d", step).isEqualTo(!dominated);
        }
        assertThat(cache.size()).isEqualTo(reference.size());
        assertThat(reference.size()).as("configurations recur, so pruning was exercised").isLessThan(10_000);
    }

    private static final int[] DEFINITE_POSITIONS = {0, 1, 2, 63, 64, 65, 130, 199};
    private static final int[] UNKNOWN_POSITIONS = {0, 1, 5, 64, 69};

    private static void flip(LinearizedSet set, BitSet reference, int i) {
        if (reference.get(i)) {
            set.remove(i);
            reference.clear(i);
        } else {
            set.add(i);
            reference.set(i);
        }
    }

    private static boolean isSubset(BitSet a, BitSet b) {
        BitSet rest = (BitSet) a.clone();
        rest.andNot(b);
        return rest.isEmpty();
    }

    @Test
    void eventListLiftsAndRestoresInStackOrder() {
        List<Operation> ops = List.of(
                Ops.write(0, 1L, 1, 4), Ops.read(1, 1L, 2, 3), Operation.unknownOutcome(2, "write", 2L, 5),
                Ops.read(0, 2L, 6, 7), Operation.unknownOutcome(1, "write", 3L, 8));
        EventList list = new EventList(ops);
        List<String> before = walk(list);
        assertThat(before).containsExactly("call 0", "call 1", "return 1", "return 0", "call 3", "return 3",
                "| call 2 @5", "| call 4 @8");

        list.lift(list.callOf(1));
        list.lift(list.callOf(2));
        list.lift(list.callOf(0));
        assertThat(walk(list)).containsExactly("call 3", "return 3", "| call 4 @8");
        list.unlift(list.callOf(0));
        list.unlift(list.callOf(2));
        list.unlift(list.callOf(1));

        assertThat(walk(list)).isEqualTo(before);
        assertThat(list.operationsWithReturn()).isEqualTo(3);
        assertThat(list.hasReturn(2)).isFalse();
    }

    @Test
    void equalPositionsMeanOverlap() {
        // the read is called at the very position the write returns: they overlap, so the read may see the old value
        List<Operation> ops = List.of(Ops.write(0, 1L, 1, 3), Ops.read(1, null, 3, 4));
        assertThat(new LinearizabilityChecker().check(new org.mpsharness.model.spec.RegisterSpec(), ops).verdict())
                .isEqualTo(Verdict.OK);
    }

    private static List<String> walk(EventList list) {
        List<String> seen = new ArrayList<>();
        for (int e = list.first(); !list.isTail(e); e = list.next(e)) {
            seen.add((list.isCall(e) ? "call " : "return ") + list.operation(e));
        }
        for (int e = list.firstUnknown(); !list.isUnknownEnd(e); e = list.next(e)) {
            seen.add("| call " + list.operation(e) + " @" + list.position(e));
        }
        return seen;
    }
}
