package org.modeconn.reporter;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.modeconn.core.events.Topics;
import org.modeconn.service.KafkaClients;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The reporter rebuilds its state by reading every topic from the start; records that were already
 * there when it started are history: they update the state but publish nothing (their statuses and
 * reports were published the first time round). The end offsets are taken once, at start-up.
 */
@Startup
@ApplicationScoped
public class History {
    static final List<String> TOPICS = List.of(Topics.STUDIES, Topics.CHECKPOINTS, Topics.PATH_POINTS, Topics.EVALUATIONS,
            Topics.STUDY_STATUS);

    private final Map<TopicPartition, Long> ends = new HashMap<>();

    History(KafkaClients kafka) throws Exception {
        try (Admin admin = Admin.create(kafka.config(Map.of()))) {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (Map.Entry<String, KafkaFuture<TopicDescription>> t : admin.describeTopics(TOPICS).topicNameValues().entrySet()) {
                try {
                    t.getValue().get(30, TimeUnit.SECONDS).partitions().forEach(p ->
                            request.put(new TopicPartition(t.getKey(), p.partition()), OffsetSpec.latest()));
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                        throw e;
                    }
                    // not created yet: it has no history
                }
            }
            admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
        }
    }

    private final Map<TopicPartition, Long> next = new HashMap<>();

    /**
     * True the first time a record is offered, false if it comes again (a rebalance re-delivers what
     * was not committed, and the reporter commits nothing).
     */
    public synchronized boolean first(ConsumerRecord<?, ?> record) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        Long expected = next.get(tp);
        if (expected != null && record.offset() < expected) {
            return false;
        }
        next.put(tp, record.offset() + 1);
        return true;
    }

    /** True if the record was in the topic before this reporter started. */
    public boolean replayed(ConsumerRecord<?, ?> record) {
        Long end = ends.get(new TopicPartition(record.topic(), record.partition()));
        return end != null && record.offset() < end;
    }
}
