import { CONTRACTS } from './registry';
import { dlqTopic } from './topics';

/**
 * The machine-readable description other teams code against: an AsyncAPI 3
 * document built from the same schemas the consumers validate with.
 * `npm run contracts:export` writes it to libs/contracts/asyncapi.json.
 */
export function asyncApiDocument(): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const c of CONTRACTS) {
    const name = c.topic.replace(/[^a-zA-Z0-9]/g, '_');
    messages[name] = { name: c.topic, title: c.description, payload: c.value, examples: [{ payload: c.example }] };
    channels[name] = {
      address: c.topic,
      description: `${c.description} Key: ${c.key.description}. Poison messages go to ${dlqTopic(c.topic)}.`,
      messages: { [name]: { $ref: `#/components/messages/${name}` } },
      bindings: { kafka: { key: c.key.schema } },
    };
  }
  return {
    asyncapi: '3.0.0',
    info: { title: 'Cairn topics', version: '1.0.0', description: 'Kafka topics of Cairn. Values are UTF-8 JSON.' },
    channels,
    components: { messages },
  };
}
