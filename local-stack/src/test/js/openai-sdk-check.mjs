// The official `openai` npm package, unmodified, against the gateway: only the base URL and the key differ
// from a program talking to OpenAI. Reports what the SDK returned, as one JSON line on stdout;
// OpenAiSdkEndToEndTest starts the stack (providers are wire-format fakes, scripted in the order below)
// and checks the report.
//
//   BASE_URL=http://localhost:8080/v1 API_KEY=… LIMITED_KEY=… node openai-sdk-check.mjs
//
// API_KEY: a gateway client key. LIMITED_KEY: a key whose route limit is 1 request a minute.
import OpenAI from 'openai';

const baseURL = process.env.BASE_URL;
// maxRetries 0: a retried request would take the next scripted answer of the fakes (and hide a 429).
const client = new OpenAI({ baseURL, apiKey: process.env.API_KEY, maxRetries: 0, timeout: 30_000 });
const report = {};

async function check(name, body) {
  try {
    report[name] = await body();
  } catch (e) {
    report[name] = { failed: `${e?.constructor?.name}: ${e?.message}` };
  }
}

/** What a typed SDK error says: its class, whether it is the class expected, status, OpenAI error fields. */
function described(e, expected) {
  return {
    className: e?.constructor?.name,
    isExpected: e instanceof expected,
    isApiError: e instanceof OpenAI.APIError,
    status: e?.status,
    type: e?.type ?? null,
    code: e?.code ?? null,
    param: e?.param ?? null,
    retryAfter: e?.headers?.get?.('retry-after') ?? null,
  };
}

const user = (content) => [{ role: 'user', content }];

// 1. The models endpoint, as the SDK pages it.
await check('models', async () => {
  const ids = [];
  for await (const model of client.models.list()) ids.push(model.id);
  const one = await client.models.retrieve('gpt-5-mini');
  return { ids, retrieved: { id: one.id, object: one.object, owned_by: one.owned_by } };
});

// 2. A whole answer from a pinned model, with the gateway's headers.
await check('whole', async () => {
  const { data, response } = await client.chat.completions
    .create({ model: 'gpt-5-mini', messages: [{ role: 'system', content: 'be brief' }, ...user('sdk: hello')], max_tokens: 50 })
    .withResponse();
  return {
    object: data.object, id: data.id, model: data.model, content: data.choices[0].message.content,
    finishReason: data.choices[0].finish_reason, usage: data.usage,
    provider: response.headers.get('x-gateway-provider'), requestId: response.headers.get('x-request-id'),
  };
});

// 3. A stream: when each chunk arrived (ms since the call), its content, and the usage of the last.
await check('stream', async () => {
  const started = performance.now();
  const stream = await client.chat.completions.create({
    model: 'gpt-5-mini', stream: true, stream_options: { include_usage: true }, messages: user('sdk: count slowly'),
  });
  const chunks = [];
  for await (const chunk of stream) {
    chunks.push({
      atMs: Math.round(performance.now() - started), object: chunk.object, model: chunk.model,
      content: chunk.choices[0]?.delta?.content ?? null, finishReason: chunk.choices[0]?.finish_reason ?? null,
      choices: chunk.choices.length, usage: chunk.usage ?? null,
    });
  }
  return { chunks };
});

// 4. A tool call round trip: the model asks for a tool, the program answers it, the model uses the result.
await check('tools', async () => {
  const tools = [{ type: 'function', function: { name: 'weather', description: 'current weather',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } }];
  const messages = user('sdk: weather in Oslo?');
  const first = await client.chat.completions.create({ model: 'gpt-5-mini', messages, tools });
  const call = first.choices[0].message.tool_calls?.[0];
  messages.push(first.choices[0].message);
  messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify({ celsius: 5 }) });
  const second = await client.chat.completions.create({ model: 'gpt-5-mini', messages, tools });
  return {
    firstFinishReason: first.choices[0].finish_reason, callId: call.id, callName: call.function.name,
    callArguments: JSON.parse(call.function.arguments), answer: second.choices[0].message.content,
  };
});

// 5. model "auto": the gateway routes by complexity and the cost priority the header gives.
await check('auto', async () => {
  const answer = await client.chat.completions.create(
    { model: 'auto', messages: user('sdk: what is 2+2?') }, { headers: { 'X-Cost-Priority': 'cheap' } });
  return { model: answer.model, content: answer.choices[0].message.content };
});

// 6. Typed errors.
await check('badKey', async () => {
  const stranger = new OpenAI({ baseURL, apiKey: 'not-a-gateway-key', maxRetries: 0 });
  try {
    await stranger.chat.completions.create({ model: 'gpt-5-mini', messages: user('hi') });
    return { className: 'none: the call succeeded' };
  } catch (e) {
    return described(e, OpenAI.AuthenticationError);
  }
});
await check('nTwo', async () => {
  try {
    await client.chat.completions.create({ model: 'auto', n: 2, messages: user('hi') });
    return { className: 'none: the call succeeded' };
  } catch (e) {
    return described(e, OpenAI.BadRequestError);
  }
});
await check('rateLimited', async () => {
  // One request a minute on the route class: the first is a 400 (refused before any provider call), the second 429.
  const limited = new OpenAI({ baseURL, apiKey: process.env.LIMITED_KEY, maxRetries: 0 });
  const seen = [];
  for (let i = 0; i < 3; i++) {
    try {
      await limited.chat.completions.create({ model: 'auto', n: 2, messages: user('hi') });
      seen.push('ok');
    } catch (e) {
      if (e instanceof OpenAI.RateLimitError) return { ...described(e, OpenAI.RateLimitError), before: seen };
      seen.push(e?.constructor?.name);
    }
  }
  return { className: 'none: never rate limited', before: seen };
});

console.log(JSON.stringify(report));
