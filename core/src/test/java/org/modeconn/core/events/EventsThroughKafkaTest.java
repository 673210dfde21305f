package org.modeconn.core.events;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.modeconn.stack.LocalStack;
import org.modeconn.stack.SharedLocalStack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every event survives a trip through the real broker, keyed as ARCHITECTURE.md says. */
class EventsThroughKafkaTest {

    @Test
    void producedEventsAreConsumedIntactAndInOrderPerKey() throws Exception {
        LocalStack.Endpoints stack = SharedLocalStack.get(Topics.ALL).endpoints();
        List<Event> sent = EventCodecTest.oneOfEach();
        String topic = Topics.STUDY_STATUS;
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            for (Event e : sent) {
                producer.send(new ProducerRecord<>(topic, "same-key", EventCodec.encode(e))).get();
            }
        }
        List<Event> received = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "events-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (received.size() < sent.size() && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    received.add(EventCodec.decode(r.value(), Event.class));
                }
            }
        }
        assertEquals(sent, received, "one key, one partition: every event once, in order");
    }
}
