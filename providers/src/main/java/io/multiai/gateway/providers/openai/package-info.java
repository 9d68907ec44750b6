/**
 * OpenAI Chat Completions client (POST /v1/chat/completions), per the OpenAPI document in
 * ../shared/specs, lenient where compatible servers (vLLM, Ollama) differ.
 */
package io.multiai.gateway.providers.openai;
