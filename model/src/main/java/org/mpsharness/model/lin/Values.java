package org.mpsharness.model.lin;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one canonical form of operation inputs and outputs, and their display.
 *
 * <p>Why a canonical form: the partitioner hashes values, a spec's step compares them, a reader echoes them, and
 * values come from several sources (the JSON parser, recorders that box {@code long}, specs that compute with
 * {@code int}). If any of these disagreed on whether two values are the same, the checker would split one block into
 * two partitions while the step relation saw one value, or the reverse, and give a wrong verdict either way. So every
 * value is brought to one form before anything looks at it ({@link Operation} does this for its input and output) and
 * compared with plain {@code equals} afterwards:
 *
 * <ul>
 *   <li>a number whose value is an integer in the 64-bit range is a {@link Long}, whatever its type or spelling
 *       ({@code 1}, {@code 1.0}, {@code 10E-1}, {@code Integer 1}, {@code Double 1.0} are all {@code 1L});</li>
 *   <li>any other finite number is a {@link BigDecimal} without trailing zeros ({@code 1.50} and {@code 1.5} are the
 *       same value, {@code 0.1} and {@code 0.10000000000000001} are not): non-integral numbers compare exactly, by
 *       their decimal value; a {@code double} stands for its shortest decimal spelling ({@link Double#toString});</li>
 *   <li>lists and maps are canonical element by element (unmodifiable copies, only when something changed);
 *       everything else (strings, booleans, {@code null}, non-finite doubles) is left as it is.</li>
 * </ul>
 * Ids (slots, streams, blocks, sizes) must moreover be integral: specs ask {@link #integral} and reject anything else
 * as bad input, so that a fractional id is never silently truncated to a different one.
 */
public final class Values {
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private Values() {
    }

    /** Equality of the canonical forms: {@code same(1, 1.0)}, {@code same(List.of(1), List.of(1L))}. */
    public static boolean same(Object a, Object b) {
        return a == b || Objects.equals(canonical(a), canonical(b));
    }

    /** The value in canonical form (see the class comment); returns {@code value} itself when it already is. */
    public static Object canonical(Object value) {
        if (value == null || value instanceof Long || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                return value;
            }
            return decimal(value instanceof Float f ? new BigDecimal(Float.toString(f)) : BigDecimal.valueOf(d));
        }
        if (value instanceof BigDecimal b) {
            return decimal(b);
        }
        if (value instanceof BigInteger i) {
            return decimal(new BigDecimal(i));
        }
        if (value instanceof List<?> list) {
            return canonicalList(list);
        }
        if (value instanceof Map<?, ?> map) {
            return canonicalMap(map);
        }
        return value;
    }

    /**
     * A number as a {@link Long} when its value is an integer that fits in 64 bits, else as a {@link BigDecimal} with
     * no trailing zeros. Cheap for huge exponents: the digits of {@code 1e999999999} are never expanded.
     */
    public static Object decimal(BigDecimal d) {
        if (d.signum() == 0) {
            return 0L;
        }
        BigDecimal stripped = d.stripTrailingZeros();
        // integral exactly when no digit is right of the point; precision - scale digits are left of it
        if (stripped.scale() <= 0 && (long) stripped.precision() - stripped.scale() <= 19
                && stripped.compareTo(LONG_MIN) >= 0 && stripped.compareTo(LONG_MAX) <= 0) {
            return stripped.longValueExact();
        }
        return stripped;
    }

    /** True when the canonical form of {@code value} is a {@link Long}: an integer in the 64-bit range. */
    public static boolean integral(Object value) {
        return canonical(value) instanceof Long;
    }

    private static Object canonicalList(List<?> list) {
        List<Object> copy = null;
        for (int i = 0; i < list.size(); i++) {
            Object v = list.get(i);
            Object c = canonical(v);
            if (c != v && copy == null) {
                copy = new ArrayList<>(list.subList(0, i));
            }
            if (copy != null) {
                copy.add(c);
            }
        }
        return copy == null ? list : Collections.unmodifiableList(copy);
    }

    private static Object canonicalMap(Map<?, ?> map) {
        boolean changed = false;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (canonical(e.getKey()) != e.getKey() || canonical(e.getValue()) != e.getValue()) {
                changed = true;
                break;
            }
        }
        if (!changed) {
            return map;
        }
        Map<Object, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            copy.put(canonical(e.getKey()), canonical(e.getValue()));
        }
        return Collections.unmodifiableMap(copy);
    }

    /** A short JSON-like rendering: {@code null}, {@code 3}, {@code "x"}, {@code [1, 2]}, {@code {"key": "a"}}. */
    public static String describe(Object value) {
        StringBuilder sb = new StringBuilder();
        append(sb, value);
        return sb.toString();
    }

    private static void append(StringBuilder sb, Object value) {
        if (value instanceof String s) {
            sb.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\t' -> sb.append("\\t");
                    case '\r' -> sb.append("\\r");
                    default -> {
                        if (c < 0x20) {
                            sb.append(String.format("\\u%04x", (int) c));
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
            sb.append('"');
        } else if (value instanceof List<?> list) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                append(sb, list.get(i));
            }
            sb.append(']');
        } else if (value instanceof Map<?, ?> map) {
            sb.append('{');
            Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                append(sb, String.valueOf(e.getKey()));
                sb.append(": ");
                append(sb, e.getValue());
                if (it.hasNext()) {
                    sb.append(", ");
                }
            }
            sb.append('}');
        } else {
            sb.append(value);
        }
    }
}
