package org.modeconn.ml.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic with a constant inside a graph that autograd differentiates. Use these, never DJL's
 * {@code x.mul(Number)}, {@code div(Number)} or {@code maximum(Number)}, on any array that needs a
 * gradient (docs/ml.md, "Constants in the autograd graph").
 *
 * <p>Why: DJL's PyTorch engine turns the number into a 0-d array over a Java direct buffer (PyTorch's
 * {@code from_blob}: the tensor does not own its memory), runs the op, and closes that array at once.
 * Autograd keeps the constant for the backward pass (d(x/c)/dx = 1/c); once the garbage collector has
 * freed the buffer, the backward pass reads freed memory. Measured on MiniLM (150 steps, SST-2), a
 * collection forced every 0.3 s made 52 of 150 steps produce non-finite gradients; without forced
 * collections, 1 to 6 of 150 steps in the services. The constants here are made by PyTorch
 * ({@code torch.full}) and owned by it, so autograd's reference keeps them alive.
 */
public final class Scalars {
    private Scalars() {
    }

    /** A 0-d float32 array holding {@code value}, in PyTorch-owned memory, in {@code like}'s manager. */
    public static NDArray of(NDArray like, double value) {
        return like.getManager().full(new Shape(), (float) value, DataType.FLOAT32);
    }

    /** x · c, elementwise; shape of x. */
    public static NDArray mul(NDArray x, double c) {
        return x.mul(of(x, c));
    }

    /** x / c, elementwise; shape of x. */
    public static NDArray div(NDArray x, double c) {
        return x.div(of(x, c));
    }

    /** max(x, c), elementwise; shape of x (the gradient flows where x &gt; c). */
    public static NDArray maximum(NDArray x, double c) {
        return x.maximum(of(x, c));
    }
}
