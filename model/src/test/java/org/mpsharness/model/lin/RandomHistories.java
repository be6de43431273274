package org.mpsharness.model.lin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random small concurrent histories: processes invoke and complete operations in a random interleaving, some
 * completions are of unknown outcome, and outputs are drawn from a small domain so that both verdicts are common.
 */
final class RandomHistories {
    private RandomHistories() {
    }

    /** Makes one random invocation (function and input) and one random output for it. */
    interface OpMaker {
        String f(Random rnd);

        Object input(Random rnd, String f);

        Object output(Random rnd, String f, Object input);
    }

    static List<Operation> generate(Random rnd, OpMaker maker, int operations, int processes, double unknown) {
        record Running(String f, Object input, long call) {
        }
        List<Operation> ops = new ArrayList<>();
        Map<Integer, Running> running = new HashMap<>();
        long position = 0;
        int invoked = 0;
        while (invoked < operations || !running.isEmpty()) {
            int p = rnd.nextInt(processes);
            Running r = running.get(p);
            if (r == null) {
                if (invoked == operations) {
                    continue;
                }
                String f = maker.f(rnd);
                running.put(p, new Running(f, maker.input(rnd, f), ++position));
                invoked++;
            } else {
                running.remove(p);
                if (rnd.nextDouble() < unknown) {
                    ops.add(Operation.unknownOutcome(p, r.f(), r.input(), r.call()));
                } else {
                    ops.add(Operation.completed(p, r.f(), r.input(), maker.output(rnd, r.f(), r.input()), r.call(),
                            ++position));
                }
            }
        }
        ops.sort(java.util.Comparator.comparingLong(Operation::call));
        return ops;
    }

    static final OpMaker REGISTER = new OpMaker() {
        @Override
        public String f(Random rnd) {
            return List.of("read", "write", "cas").get(rnd.nextInt(3));
        }

        @Override
        public Object input(Random rnd, String f) {
            return switch (f) {
                case "write" -> (long) (1 + rnd.nextInt(2));
                case "cas" -> java.util.Arrays.asList(rnd.nextInt(3) == 0 ? null : (long) (1 + rnd.nextInt(2)),
                        (long) (1 + rnd.nextInt(2)));
                default -> null;
            };
        }

        @Override
        public Object output(Random rnd, String f, Object input) {
            return switch (f) {
                case "read" -> rnd.nextInt(3) == 0 ? null : (long) (1 + rnd.nextInt(2));
                case "cas" -> rnd.nextBoolean();
                default -> null;
            };
        }
    };

    static final OpMaker MUTEX = new OpMaker() {
        @Override
        public String f(Random rnd) {
            return rnd.nextBoolean() ? "lock" : "unlock";
        }

        @Override
        public Object input(Random rnd, String f) {
            return null;
        }

        @Override
        public Object output(Random rnd, String f, Object input) {
            return null;
        }
    };

    static final OpMaker SLOT_POOL = new OpMaker() {
        @Override
        public String f(Random rnd) {
            return rnd.nextInt(3) == 0 ? "release" : "acquire";
        }

        @Override
        public Object input(Random rnd, String f) {
            return f.equals("release") ? (long) rnd.nextInt(2) : null;
        }

        @Override
        public Object output(Random rnd, String f, Object input) {
            return f.equals("acquire") ? (long) rnd.nextInt(2) : null;
        }
    };

    static final OpMaker LOSSY = new OpMaker() {
        @Override
        public String f(Random rnd) {
            return rnd.nextBoolean() ? "read" : "write";
        }

        @Override
        public Object input(Random rnd, String f) {
            return f.equals("write") ? (long) (1 + rnd.nextInt(2)) : null;
        }

        @Override
        public Object output(Random rnd, String f, Object input) {
            return f.equals("read") ? (long) rnd.nextInt(3) : null;
        }
    };

    static final OpMaker KV = new OpMaker() {
        @Override
        public String f(Random rnd) {
            return List.of("get", "put", "append").get(rnd.nextInt(3));
        }

        @Override
        public Object input(Random rnd, String f) {
            Map<String, Object> in = new java.util.LinkedHashMap<>();
            in.put("key", rnd.nextBoolean() ? "a" : "b");
            if (!f.equals("get")) {
                in.put("value", rnd.nextBoolean() ? "x" : "y");
            }
            return java.util.Collections.unmodifiableMap(in);
        }

        @Override
        public Object output(Random rnd, String f, Object input) {
            return f.equals("get") ? List.of("", "x", "y", "xy").get(rnd.nextInt(4)) : null;
        }
    };

    /**
     * A number as a Java caller might box it: {@code Long}, {@code Integer}, {@code Double} or a {@code BigDecimal}
     * with trailing zeros. {@link Operation} brings all of them to one canonical value.
     */
    static Object anyBoxing(Random rnd, long n) {
        return switch (rnd.nextInt(4)) {
            case 0 -> n;
            case 1 -> (int) n;
            case 2 -> (double) n;
            default -> new java.math.BigDecimal(n + ".00");
        };
    }

    /** The stream pool ({@code stream-pool}): slots 1 and 2, sometimes the default stream 0. */
    static final OpMaker STREAM_POOL = new OpMaker() {
        @Override
        public String f(Random rnd) {
            return rnd.nextInt(5) < 3 ? "acquire" : "release";
        }

        @Override
        public Object input(Random rnd, String f) {
            return f.equals("release") ? Map.of("slot", anyBoxing(rnd, rnd.nextInt(8) == 0 ? 0 : 1 + rnd.nextInt(2)))
                    : null;
        }

        @Override
        public Object output(Random rnd, String f, Object input) {
            if (f.equals("acquire")) {
                return anyBoxing(rnd, rnd.nextInt(8) == 0 ? 0 : 1 + rnd.nextInt(2));
            }
            if (((Number) ((Map<?, ?>) input).get("slot")).intValue() == 0) {
                return rnd.nextInt(4) == 0 ? "RELEASED" : "DEFAULT_SLOT";
            }
            return List.of("RELEASED", "RELEASED", "NOT_OWNER", "ALREADY_FREE").get(rnd.nextInt(4));
        }
    };

    /** The allocator ({@code allocator}): blocks 1 and 2 of 8 or 16 bytes. */
    static final OpMaker ALLOCATOR = new OpMaker() {
        @Override
        public String f(Random rnd) {
            return rnd.nextBoolean() ? "malloc" : "free";
        }

        @Override
        public Object input(Random rnd, String f) {
            return f.equals("malloc") ? Map.of("size", anyBoxing(rnd, 8L << rnd.nextInt(2)))
                    : Map.of("id", anyBoxing(rnd, 1 + rnd.nextInt(2)));
        }

        @Override
        public Object output(Random rnd, String f, Object input) {
            return f.equals("malloc") ? Map.of("id", anyBoxing(rnd, 1 + rnd.nextInt(2)), "size",
                    anyBoxing(rnd, 8L << rnd.nextInt(2))) : null;
        }
    };

    /** Once-per-slot creation ({@code once-per-slot}): slots 0 and 1, values 11 and 12. */
    static final OpMaker ONCE_PER_SLOT = new OpMaker() {
        @Override
        public String f(Random rnd) {
            return "get";
        }

        @Override
        public Object input(Random rnd, String f) {
            return Map.of("slot", anyBoxing(rnd, rnd.nextInt(2)));
        }

        @Override
        public Object output(Random rnd, String f, Object input) {
            return anyBoxing(rnd, 11 + rnd.nextInt(2));
        }
    };

    /** The commit gate ({@code commit-gate}): streams 0 and 1. */
    static final OpMaker COMMIT_GATE = new OpMaker() {
        @Override
        public String f(Random rnd) {
            return List.of("activate", "deactivate", "commit").get(rnd.nextInt(3));
        }

        @Override
        public Object input(Random rnd, String f) {
            return Map.of("stream", anyBoxing(rnd, rnd.nextInt(2)));
        }

        @Override
        public Object output(Random rnd, String f, Object input) {
            return f.equals("commit") ? rnd.nextBoolean() : null;
        }
    };
}
