// Kafka from Node (kafkajs) against the test broker: produce to notify.events, read notify.receipts.
import kafkajs from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { KAFKA } from '../../clients/js/test/support/servers.js';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
const { Kafka, logLevel } = kafkajs;
const kafka = new Kafka({ clientId: 'switchboard-e2e', brokers: [KAFKA], logLevel: logLevel.ERROR });
let producer = null;

/** Produces one notify.events record (key = channel, as upstream systems do). */
export async function produceEvent(event) {
  if (!producer) {
    producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
  }
  await producer.send({ topic: 'notify.events', messages: [{ key: event.channel, value: JSON.stringify(event) }] });
}

/** Collects notify.receipts records (from the beginning, in a group of its own) until stopped. */
export async function watchReceipts() {
  const consumer = kafka.consumer({ groupId: `switchboard-e2e-receipts-${randomUUID()}` });
  const seen = [];
  await consumer.connect();
  await consumer.subscribe({ topic: 'notify.receipts', fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => { try { seen.push(JSON.parse(message.value.toString())); } catch { /* not ours */ } } });
  return { seen, stop: () => consumer.disconnect() };
}

export async function closeKafka() {
  await producer?.disconnect();
  producer = null;
}
