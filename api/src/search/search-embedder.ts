import { Inject, Injectable } from '@nestjs/common';
import type { Embedder } from 'meilisearch';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { SearchDocument } from './search-documents.js';
import type { SearchEmbedderConfig } from './search-embedder-config.js';
import { foldText } from './search-text.js';
import {
  loadedWordVectors,
  loadWordVectors,
  WORD_VECTOR_DIMENSIONS,
  type WordVectors,
} from './word-vectors.js';

/** A document's vectors as Meilisearch takes them (null: none, found by keywords only). */
export type DocumentVectors = Record<string, number[] | null>;

/** The embedder's name in Meilisearch's settings and in hybrid queries. */
export const EMBEDDER = 'default';

/**
 * How much a word counts, from its frequency rank: smooth inverse frequency (Arora et al. 2017)
 * with Zipf's law standing in for counts, so "the" weighs ~0 and a rare word ~1.
 */
const weight = (rank: number) => rank / (rank + 100);

const WORD = /[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu;

/** The words GloVe knows, as it tokenised them: lower case, "dana's" → "dana" + "'s". */
export function tokens(text: string): string[] {
  return (foldText(text).toLowerCase().match(WORD) ?? []).flatMap((word) => {
    const apostrophe = word.indexOf("'");
    return apostrophe > 0 ? [word.slice(0, apostrophe), word.slice(apostrophe)] : [word];
  });
}

const centres = new WeakMap<WordVectors, Float64Array>();

/**
 * The mean of the 20,000 most frequent words' vectors. GloVe vectors share a large common
 * direction, so averages of any two texts look alike; subtracting it (Mu & Viswanath 2018,
 * "all-but-the-top") leaves what tells texts apart.
 */
function centre(model: WordVectors): Float64Array {
  let mean = centres.get(model);
  if (mean) return mean;
  const dims = model.dimensions;
  const n = Math.min(20_000, model.rows.size);
  mean = new Float64Array(dims);
  for (let row = 0; row < n; row++) {
    const scale = model.scales[row] / n;
    for (let d = 0; d < dims; d++) mean[d] += model.vectors[row * dims + d] * scale;
  }
  centres.set(model, mean);
  return mean;
}

/** Adds `scale` × the weighted mean of the words' vectors into `into`; whether any word was known. */
function addMean(model: WordVectors, text: string, scale: number, into: Float64Array): boolean {
  const dims = model.dimensions;
  const mean = centre(model);
  const sum = new Float64Array(dims);
  let total = 0;
  for (const word of tokens(text)) {
    const row = model.rows.get(word);
    if (row === undefined) continue;
    const w = weight(row);
    const scaled = w * model.scales[row];
    total += w;
    for (let d = 0; d < dims; d++) sum[d] += scaled * model.vectors[row * dims + d];
  }
  if (total === 0) return false;
  for (let d = 0; d < dims; d++) into[d] += scale * (sum[d] / total - mean[d]);
  return true;
}

/** A unit vector, or null when nothing was known (the document is then found by keywords only). */
function unit(vector: Float64Array, any: boolean): number[] | null {
  if (!any) return null;
  let norm = 0;
  for (const v of vector) norm += v * v;
  norm = Math.sqrt(norm);
  if (norm === 0) return null;
  return Array.from(vector, (v) => Math.round((v / norm) * 1e5) / 1e5);
}

/** A text's vector: the weighted mean of its words' vectors, unit length. */
export function embedText(model: WordVectors, text: string): number[] | null {
  const sum = new Float64Array(model.dimensions);
  return unit(sum, addMean(model, text, 1, sum));
}

/** A document's vector: its title counts twice its body, its context half. */
export function embedDocument(
  model: WordVectors,
  doc: Pick<SearchDocument, 'title' | 'heading' | 'body' | 'context'>,
): number[] | null {
  const sum = new Float64Array(model.dimensions);
  const title = addMean(model, doc.title || doc.heading, 2, sum);
  const body = addMean(model, doc.body.slice(0, 4_000), 1, sum);
  const context = addMean(model, doc.context.slice(0, 1_000), 0.5, sum);
  return unit(sum, title || body || context);
}

/** What Meilisearch renders for a remote embedder: the same fields the local one reads. */
const DOCUMENT_TEMPLATE =
  '{{doc.type}}: {{doc.title}}{% if doc.heading != doc.title %} ({{doc.heading}}){% endif %}. {{doc.body|truncatewords: 200}}';

/** Meilisearch's `embedders` setting for the configured embedder (none for `none`). */
export function embedderSettings(config: SearchEmbedderConfig): Record<string, Embedder | null> {
  switch (config.kind) {
    case 'none':
      // Removes an embedder an earlier configuration set (null deletes it in Meilisearch).
      return { [EMBEDDER]: null };
    case 'local':
      return { [EMBEDDER]: { source: 'userProvided', dimensions: WORD_VECTOR_DIMENSIONS } };
    case 'ollama':
      return {
        [EMBEDDER]: {
          source: 'ollama',
          url: `${config.url!.replace(/\/$/, '')}/api/embed`,
          model: config.model,
          ...(config.apiKey ? { apiKey: config.apiKey } : {}),
          ...(config.dimensions ? { dimensions: config.dimensions } : {}),
          documentTemplate: DOCUMENT_TEMPLATE,
        },
      };
    case 'rest':
      // An OpenAI-compatible /embeddings endpoint (OpenAI, vLLM, LiteLLM, LocalAI, llama.cpp...).
      return {
        [EMBEDDER]: {
          source: 'rest',
          url: config.url!,
          ...(config.apiKey ? { apiKey: config.apiKey } : {}),
          dimensions: config.dimensions,
          documentTemplate: DOCUMENT_TEMPLATE,
          request: { model: config.model, input: ['{{text}}', '{{..}}'] },
          response: { data: [{ embedding: '{{embedding}}' }, '{{..}}'] },
        },
      };
  }
}

/**
 * Gives documents and queries their vectors when they are computed here (SEARCH_EMBEDDER=local);
 * with a remote embedder Meilisearch computes them itself and this adds nothing. Nothing waits
 * for the model: until it is loaded, documents are indexed without vectors (search stays
 * keyword-only meanwhile and says so), and `onLoaded` hears when they can be given theirs.
 * It loads when an index that has documents is opened, or at the first search that could use
 * it: a new, empty install (and a test that never searches) does not pay for it.
 */
@Injectable()
export class SearchEmbedder {
  private model: WordVectors | undefined;
  private loading: Promise<void> | undefined;
  /** Whether documents went to the index without vectors while the model was loading. */
  private missed = false;
  private readonly listeners: (() => void)[] = [];

  constructor(@Inject(APP_CONFIG) private readonly appConfig: AppConfig) {}

  get config(): SearchEmbedderConfig {
    return this.appConfig.searchEmbedder;
  }

  /** Whether searches ask for meaning as well as words. */
  get hybrid(): boolean {
    return this.config.kind !== 'none' && this.config.semanticRatio > 0;
  }

  /** Whether this process computes the vectors (the documents carry `_vectors`). */
  get local(): boolean {
    return this.config.kind === 'local';
  }

  /** Loads the word vectors (once per process). */
  ready(): Promise<void> {
    if (!this.local || this.model) return Promise.resolve();
    this.loading ??= loadWordVectors().then(
      (model) => {
        this.model = model;
        if (this.missed) {
          this.missed = false;
          this.listeners.forEach((listener) => listener());
        }
      },
      (error: unknown) => {
        this.loading = undefined;
        throw error;
      },
    );
    return this.loading;
  }

  /** Called once the model is loaded if documents were indexed without vectors before. */
  onLoaded(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** The documents with their vectors (`_vectors.default`) when computed here and the model is in. */
  withVectors<T extends SearchDocument>(docs: T[]): (T & { _vectors?: DocumentVectors })[] {
    if (!this.local || docs.length === 0) return docs;
    const model = (this.model ??= loadedWordVectors());
    if (!model) {
      // Meilisearch refuses a document with no `_vectors` for a userProvided embedder; null
      // opts it out until the re-embedding job gives it one.
      this.missed = true;
      return docs.map((doc) => ({ ...doc, _vectors: { [EMBEDDER]: null } }));
    }
    return docs.map((doc) => ({
      ...doc,
      // A text with no word the model knows still gets one (its type's), so "every document has
      // a vector" stays the sign that the index is complete.
      _vectors: { [EMBEDDER]: embedDocument(model, doc) ?? embedText(model, doc.type) },
    }));
  }

  /**
   * A query's vector; undefined when none is needed (a remote embedder embeds the query sent as
   * `q`), null when there is none (no word known, or the model is still loading: keywords only).
   */
  queryVector(text: string): number[] | null | undefined {
    if (!this.local) return undefined;
    const model = (this.model ??= loadedWordVectors());
    if (!model) {
      void this.ready().catch(() => undefined);
      return null;
    }
    return embedText(model, text);
  }
}
