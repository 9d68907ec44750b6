package io.multiai.gateway.common.catalog;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import io.multiai.gateway.schemas.ChatTurn;
import io.multiai.gateway.schemas.GenerationOptions;
import io.multiai.gateway.schemas.QueryRequest;
import io.multiai.gateway.schemas.ToolInvocation;
import io.multiai.gateway.schemas.ToolSpec;

/**
 * The most one provider call of a request can cost, in USD: an upper bound of its prompt tokens at the
 * input price plus its output limit at the output price, priced by {@link CostCalculator} (the one cost
 * rule, long-context tier included). Budgets reserve this before a request is sent, and the workers never
 * call a model whose worst case exceeds what is left of the reservation, so no call can cost more than
 * was reserved.
 *
 * <p>Why the bound holds: every provider's tokenizer is byte-level (BPE over UTF-8, or SentencePiece with
 * byte fallback), so a text never has more tokens than UTF-8 bytes; each message adds a few framing tokens
 * ({@value #MESSAGE_OVERHEAD_TOKENS} allowed) and a request a few more ({@value #REQUEST_OVERHEAD_TOKENS}).
 * All input is priced at the plain input price, the highest input price the gateway can incur: cache reads
 * are cheaper, and the gateway never asks for cache writes. Output is bounded by the request's
 * {@code max_tokens}, else the worker's default, which providers enforce (reasoning tokens included).
 */
public final class WorstCaseCost {

  /** Framing tokens per message (role markers, separators): chat templates use 3 to 5. */
  public static final int MESSAGE_OVERHEAD_TOKENS = 8;
  /** Framing tokens per request (the reply's priming, a system preamble). */
  public static final int REQUEST_OVERHEAD_TOKENS = 16;

  private final CostCalculator costs;

  public WorstCaseCost(CostCalculator costs) {
    this.costs = costs;
  }

  /**
   * The USD one call of {@code model} may cost with at most these tokens; empty when the model has no
   * price and no fallback price is configured (its cost can not be bounded).
   */
  public Optional<Double> usd(String model, long inputTokens, long outputTokens) {
    return costs.price(model, Usage.of(inputTokens, outputTokens)).map(CostCalculator.Price::usd);
  }

  /** As {@link #usd(String, long, long)} for one call of the request's own prompt and output limit. */
  public Optional<Double> usd(String model, QueryRequest request, int defaultMaxTokens) {
    return usd(model, inputTokensAtMost(request), outputTokensAtMost(request, defaultMaxTokens));
  }

  /**
   * The most an ensemble of this request can cost: each member called once with the request's prompt, plus one call
   * of {@code judgeModel} (the {@code best} judge or {@code synthesize} merger; null for none) whose prompt holds the
   * query and every answer (at most {@value #BYTES_PER_OUTPUT_TOKEN} bytes a token of each) and its instructions
   * ({@value #JUDGE_INSTRUCTION_TOKENS} tokens allowed). Empty when a model has no price.
   *
   * @return the USD, or empty with no way to bound it
   */
  public Optional<Double> ensembleUsd(java.util.List<String> members, String judgeModel, QueryRequest request, int maxTokens) {
    long input = inputTokensAtMost(request);
    double sum = 0;
    for (String member : members) {
      Optional<Double> usd = usd(member, input, maxTokens);
      if (usd.isEmpty()) {
        return Optional.empty();
      }
      sum += usd.get();
    }
    if (judgeModel != null) {
      long judgeInput = input + members.size() * ((long) BYTES_PER_OUTPUT_TOKEN * maxTokens + MESSAGE_OVERHEAD_TOKENS)
          + JUDGE_INSTRUCTION_TOKENS;
      Optional<Double> usd = usd(judgeModel, judgeInput, maxTokens);
      if (usd.isEmpty()) {
        return Optional.empty();
      }
      sum += usd.get();
    }
    return Optional.of(sum);
  }

  /** Bytes an answer's token may take when the answer is quoted in a judge's prompt (English text averages 4). */
  public static final int BYTES_PER_OUTPUT_TOKEN = 4;
  /** The judge's and merger's own instructions, in tokens. */
  public static final int JUDGE_INSTRUCTION_TOKENS = 1024;

  /** Whether the model's worst case is priced from the list (false: fallback price, or none). */
  public boolean listed(String model) {
    return costs.knows(model);
  }

  /**
   * At most how many prompt tokens the request's provider call has: the conversation when it has one
   * (the OpenAI edge; the query is then not sent apart), else the query, plus tool definitions, the
   * response schema, stop sequences and framing.
   */
  public static long inputTokensAtMost(QueryRequest request) {
    long bytes = 0;
    long messages = 1;
    if (request.getMessages().isEmpty()) {
      bytes += utf8(request.getQuery());
    } else {
      messages = request.getMessages().size();
      for (ChatTurn turn : request.getMessages()) {
        bytes += utf8(turn.getRole()) + utf8(turn.getContent()) + utf8(turn.getToolCallId()) + utf8(turn.getName());
        for (ToolInvocation call : turn.getToolCalls()) {
          bytes += utf8(call.getId()) + utf8(call.getName()) + utf8(call.getArguments());
        }
      }
    }
    GenerationOptions options = request.getGeneration();
    if (options != null) {
      for (ToolSpec tool : options.getTools()) {
        bytes += utf8(tool.getName()) + utf8(tool.getDescription()) + utf8(tool.getParameters()) + MESSAGE_OVERHEAD_TOKENS;
      }
      bytes += utf8(options.getResponseSchemaName()) + utf8(options.getResponseSchema()) + utf8(options.getToolChoice());
      for (String stop : options.getStop()) {
        bytes += utf8(stop);
      }
    }
    return bytes + messages * MESSAGE_OVERHEAD_TOKENS + REQUEST_OVERHEAD_TOKENS;
  }

  /** The request's output limit ({@code max_tokens} of the OpenAI edge), else the worker's default. */
  public static long outputTokensAtMost(QueryRequest request, int defaultMaxTokens) {
    GenerationOptions options = request.getGeneration();
    return options != null && options.getMaxTokens() != null ? options.getMaxTokens() : defaultMaxTokens;
  }

  private static long utf8(CharSequence text) {
    return text == null ? 0 : text.toString().getBytes(StandardCharsets.UTF_8).length;
  }
}
