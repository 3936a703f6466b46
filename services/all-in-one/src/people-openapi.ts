/**
 * The OpenAPI document of the calls the front door answers itself from the
 * services' parts (people.ts), served at `/docs/people-json` beside the four
 * services' documents. `DELETE /v1/users/:userId` and each part are in the
 * services' own documents (segments; `/erasure/<service>`, `/export/<service>`).
 */
const userId = {
  name: 'userId',
  in: 'path',
  required: true,
  description: 'Any id of the person: the user id, an anonymous id or an alias (the answer names the final user id)',
  schema: { type: 'string', maxLength: 256 },
};
const error = { $ref: '#/components/schemas/Error' };
const errors = {
  '401': { description: 'A missing or unknown admin key', content: { 'application/json': { schema: error } } },
  '404': { description: 'Nothing is known of the id', content: { 'application/json': { schema: error } } },
  '502': { description: 'A service behind the call is not answering', content: { 'application/json': { schema: error } } },
  '504': { description: 'A service did not answer in time', content: { 'application/json': { schema: error } } },
};
const time = { type: 'string', format: 'date-time' };
const list = (items: Record<string, unknown>, description: string) => ({ type: 'array', description, items });
const idAt = { type: 'object', properties: { id: { type: 'string' }, linkedAt: time } };

const person = {
  type: 'object',
  required: ['userId', 'traits', 'identities', 'events', 'segments', 'journeys', 'consents', 'messages'],
  properties: {
    userId: { type: 'string', description: 'The person’s final user id' },
    requestedId: { type: 'string', description: 'The id asked about, when it was merged into userId' },
    traits: { type: 'object', description: 'Traits from identify calls (segments)' },
    identities: {
      type: 'object',
      properties: {
        anonymousIds: list(idAt, 'Anonymous ids merged into the user (an event carrying both ids), oldest link first'),
        aliases: list(idAt, 'Previous ids merged by alias'),
      },
    },
    events: list(
      { type: 'object', properties: { name: { type: 'string' }, at: time, properties: { type: 'object' } } },
      'The 100 newest track events segments keeps, newest first',
    ),
    totals: { type: 'object', description: 'Per event name: lifetime count, first and last time' },
    segments: list({ type: 'object', properties: { key: { type: 'string' }, name: { type: 'string' }, enteredAt: time } }, 'The segments the person is in'),
    journeys: list({ type: 'object' }, 'The person’s journey runs, newest first (GET /v1/users/:userId/journeys)'),
    consents: {
      type: 'object',
      properties: { channels: { type: 'object', description: 'The consent ledger per channel' }, history: list({ type: 'object' }, 'Its latest changes') },
    },
    messages: list({ type: 'object' }, 'The delivery log: the 100 newest send intents with status, reason and content (GET /v1/messages/search)'),
    updatedAt: { ...time, nullable: true },
  },
};

const servicePart = { type: 'object', properties: { status: { type: 'string', enum: ['completed', 'pending', 'unknown'] }, completedAt: time } };
const erasure = {
  type: 'object',
  required: ['userId', 'erasureId', 'requestedAt', 'status', 'services'],
  properties: {
    userId: { type: 'string' },
    erasureId: { type: 'string' },
    requestedAt: time,
    suppress: { type: 'boolean', description: 'Later events of the person’s ids are dropped too' },
    status: { type: 'string', enum: ['completed', 'pending'], description: '`completed` once every service has erased the person' },
    services: {
      type: 'object',
      properties: { events: servicePart, segments: servicePart, journeys: servicePart, messaging: servicePart },
    },
  },
};

const exported = {
  type: 'object',
  required: ['userId', 'ids', 'exportedAt', 'services'],
  properties: {
    userId: { type: 'string' },
    ids: { type: 'array', items: { type: 'string' }, description: 'Every id of the person' },
    exportedAt: time,
    services: {
      type: 'object',
      description:
        'Each service’s part (GET /v1/users/:userId/export/<service>): events not yet published; state, history and segments; runs with sends; consents and messages',
      properties: { events: { type: 'object' }, segments: { type: 'object' }, journeys: { type: 'object' }, messaging: { type: 'object' } },
    },
  },
};

const get = (summary: string, description: string, schema: Record<string, unknown>) => ({
  get: {
    tags: ['people'],
    summary,
    description,
    security: [{ bearer: [] }],
    parameters: [userId],
    responses: { '200': { description: 'OK', content: { 'application/json': { schema } } }, ...errors },
  },
});

export function peopleDocument(): Record<string, unknown> {
  return {
    openapi: '3.0.0',
    info: {
      title: 'Cairn people',
      version: '1',
      description:
        'One person in one call, answered by the front door (all-in-one) and the console’s server (distributed) from the parts each service serves under /v1/users/:userId. Admin key.',
    },
    paths: {
      '/v1/users/{userId}': get('The person whole', 'Traits, identities, the newest events, segments, journey runs, consents and the delivery log.', person),
      '/v1/users/{userId}/erasure': get(
        'Where an erasure of the person stands, per service',
        'After DELETE /v1/users/:userId (served by segments): each service’s completion; `completed` once all four erased the person.',
        erasure,
      ),
      '/v1/users/{userId}/export': get('Everything Cairn holds about the person, as JSON', 'Each service’s part, for a data-access request.', exported),
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'Admin key' } },
      schemas: {
        Error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } },
      },
    },
  };
}
