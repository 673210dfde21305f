package org.modeconn.core.safetensors;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Conversions between the floating-point element types and Java floats (Java 17 has no float16 API). */
public final class Dtypes {
    private Dtypes() {
    }

    /** Decodes {@code count} little-endian elements of {@code dtype} into floats. */
    public static float[] toFloats(ByteBuffer data, DType dtype, int count) {
        float[] out = new float[count];
        decode(data, dtype, out, 0, count);
        return out;
    }

    /**
     * Decodes {@code count} little-endian elements of {@code dtype}, starting at {@code data}'s position, into
     * {@code out[offset, offset + count)}; {@code data}'s position and order are left as they were.
     *
     * @throws IllegalArgumentException if {@code dtype} is not a floating-point type
     */
    public static void decode(ByteBuffer data, DType dtype, float[] out, int offset, int count) {
        ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
            case F32 -> b.asFloatBuffer().get(out, offset, count);
            case F64 -> {
                var d = b.asDoubleBuffer();
                for (int i = 0; i < count; i++) {
                    out[offset + i] = (float) d.get(i);
                }
            }
            case F16 -> {
                var s = b.asShortBuffer();
                for (int i = 0; i < count; i++) {
                    out[offset + i] = halfToFloat(s.get(i));
                }
            }
            case BF16 -> {
                var s = b.asShortBuffer();
                for (int i = 0; i < count; i++) {
                    out[offset + i] = Float.intBitsToFloat((s.get(i) & 0xffff) << 16);
                }
            }
            default -> throw new IllegalArgumentException(dtype + " is not a floating-point type");
        }
    }

    /** Encodes floats as little-endian elements of {@code dtype} (rounding to nearest even). */
    public static ByteBuffer fromFloats(float[] values, DType dtype) {
        ByteBuffer b = ByteBuffer.allocate(values.length * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
            case F32 -> b.asFloatBuffer().put(values);
            case F64 -> {
                var d = b.asDoubleBuffer();
                for (float v : values) {
                    d.put(v);
                }
            }
            case F16 -> {
                var s = b.asShortBuffer();
                for (float v : values) {
                    s.put(floatToHalf(v));
                }
            }
            case BF16 -> {
                var s = b.asShortBuffer();
                for (float v : values) {
                    s.put(floatToBf16(v));
                }
            }
            default -> throw new IllegalArgumentException(dtype + " is not a floating-point type");
        }
        return b;
    }

    public static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f; // subnormal: mant * 2^-24
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    public static short floatToHalf(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xff;
        int mant = bits & 0x7fffff;
        if (exp == 0xff) {
            return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 : 0));
        }
        int e = exp - 127 + 15;
        if (e >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (e <= 0) {
            if (e < -10) {
                return (short) sign;
            }
            mant |= 0x800000;
            int shift = 14 - e;
            int half = mant >>> shift;
            int rest = mant & ((1 << shift) - 1);
            int mid = 1 << (shift - 1);
            if (rest > mid || (rest == mid && (half & 1) == 1)) {
                half++;
            }
            return (short) (sign | half);
        }
        int half = (e << 10) | (mant >>> 13);
        int rest = mant & 0x1fff;
        if (rest > 0x1000 || (rest == 0x1000 && (half & 1) == 1)) {
            half++; // may carry into the exponent, which is the correct rounding
        }
        return (short) (sign | half);
    }

    public static short floatToBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        int rounding = 0x7fff + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }
}
