package org.modeconn.core.events;

/** A record a service could not handle: where it came from, what it was, and why it failed. */
public record DeadLetter(int schema, String service, String topic, int partition, long offset, String recordKey,
                         String value, String error) implements Event {
    public DeadLetter {
        Required.field(service, "service");
        Required.field(topic, "topic");
        Required.field(error, "error");
    }

    @Override
    public String key() {
        return recordKey;
    }
}
