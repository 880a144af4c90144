package io.switchboard.auth.domain;

/** The queue of QR images and token signatures waiting for a CPU thread is full ({@code qr.cpu.queue}). */
public final class Overloaded extends RuntimeException {
    public Overloaded() {
        super("the CPU work queue is full", null, false, false);
    }
}
