package io.dmon.coordinator.operator;

import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.Random;

/**
 * Fills any protobuf message with random field values from its descriptor: strings empty, short,
 * of odd characters or huge; numbers at their extremes; repeated fields and maps of many entries;
 * nested messages a few levels deep. For fuzzing services with what a hostile client could send.
 */
final class RandomMessages {
    private static final String ODD = "@/:=,.-_ \t\n\0'\"\\%$*?[]{}é漢\uD83D\uDE00";

    private RandomMessages() {
    }

    static <M extends Message> M fill(M prototype, Random random) {
        @SuppressWarnings("unchecked")
        M filled = (M) fill(prototype.newBuilderForType(), random, 0).build();
        return filled;
    }

    private static Message.Builder fill(Message.Builder b, Random random, int depth) {
        for (FieldDescriptor f : b.getDescriptorForType().getFields()) {
            if (random.nextInt(3) == 0) {
                continue;
            }
            if (f.isMapField() || f.isRepeated()) {
                // Thousands of entries only of small values near the top: the point is the count, not the heap.
                boolean many = depth <= 1 && random.nextInt(10) == 0;
                int n = many ? 1000 + random.nextInt(1500) : random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    Object v = value(b, f, random, many ? 99 : depth);
                    if (v != null) {
                        b.addRepeatedField(f, v);
                    }
                }
            } else {
                Object v = value(b, f, random, depth);
                if (v != null) {
                    b.setField(f, v);
                }
            }
        }
        return b;
    }

    private static Object value(Message.Builder parent, FieldDescriptor f, Random random, int depth) {
        return switch (f.getJavaType()) {
            case STRING -> depth >= 99 ? Integer.toString(random.nextInt(100_000), 36) : string(random);
            case BOOLEAN -> random.nextBoolean();
            case INT -> switch (random.nextInt(5)) {
                case 0 -> Integer.MIN_VALUE;
                case 1 -> Integer.MAX_VALUE;
                case 2 -> -1;
                case 3 -> 0;
                default -> random.nextInt(100);
            };
            case LONG -> switch (random.nextInt(5)) {
                case 0 -> Long.MIN_VALUE;
                case 1 -> Long.MAX_VALUE;
                case 2 -> -1L;
                case 3 -> 0L;
                default -> (long) random.nextInt(1_000_000);
            };
            case DOUBLE -> new double[] {Double.NaN, Double.POSITIVE_INFINITY, -1.0, 0.0, 1e308, random.nextDouble() * 10}[random.nextInt(6)];
            case FLOAT -> random.nextFloat();
            case BYTE_STRING -> com.google.protobuf.ByteString.copyFromUtf8(depth >= 99 ? "b" : string(random));
            case ENUM -> {
                EnumDescriptor e = f.getEnumType();
                yield e.getValues().get(random.nextInt(e.getValues().size()));
            }
            case MESSAGE -> depth > 3 ? null : fill(parent.newBuilderForField(f), random, depth >= 99 ? 3 : depth + 1).build();
        };
    }

    static String string(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> "";
            case 1 -> random.nextInt(4) == 0 ? "x".repeat(100_000 + random.nextInt(200_000)) : "x".repeat(1 + random.nextInt(20_000));
            case 2 -> {
                StringBuilder s = new StringBuilder();
                int n = 1 + random.nextInt(40);
                for (int i = 0; i < n; i++) {
                    s.append(ODD.charAt(random.nextInt(ODD.length())));
                }
                yield s.toString();
            }
            case 3 -> "web@h" + random.nextInt(3);
            case 4 -> "h" + random.nextInt(3);
            case 5 -> "role=db";
            default -> Integer.toString(random.nextInt(1000), 36);
        };
    }
}
