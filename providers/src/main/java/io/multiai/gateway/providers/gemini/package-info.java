/**
 * Google Gemini generateContent client (POST /v1beta/models/{model}:generateContent): request body,
 * candidates and block reasons, usageMetadata.
 */
package io.multiai.gateway.providers.gemini;
