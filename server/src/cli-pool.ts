import { parentPort, type Worker } from 'node:worker_threads';
import { analyse } from './analysis';
import { initNodeParser } from './node-parser';
import type { RuleState } from './config/project';
import type { Rule } from './rules/rule';
import type { Finding, Target } from './types';

/**
 * The command line's analysis on worker threads. Both halves live in this file: the pool the main
 * thread feeds (`AnalysisPool`) and the loop a worker runs (`serveAnalysis`), with the two messages
 * they exchange (`AnalysisJob` and `AnalysisOutcome`).
 */

/** One file to analyse: its decoded text and the settings that apply to it. */
export interface AnalysisJob {
  text: string;
  target: Target;
  /** Each rule's state for this file; a rule missing here runs, with its default severity. */
  rules: Map<string, RuleState>;
}

/** The findings, or the internal error that stopped the analysis; and the rules that failed on the way, in order. */
export interface AnalysisOutcome {
  findings?: Finding[];
  error?: string;
  ruleErrors: { code: string; error: string }[];
}

/**
 * Analyses one file. The main thread and the workers both call this, so a file is reported the
 * same way wherever it was analysed.
 */
export function analyseJob(job: AnalysisJob, rules?: readonly Rule[]): AnalysisOutcome {
  const ruleErrors: AnalysisOutcome['ruleErrors'] = [];
  try {
    const findings = analyse(job.text, {
      target: job.target,
      isEnabled: (code) => job.rules.get(code)?.enabled ?? true,
      severity: (code) => job.rules.get(code)?.severity,
      onRuleError: (rule, error) => ruleErrors.push({ code: rule.code, error: String(error) }),
      rules,
    });
    return { findings, ruleErrors };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error), ruleErrors };
  }
}

export interface PoolOptions {
  /** The most workers to start; 1 analyses every file in this thread. */
  threads: number;
  /** Starts a worker that runs `serveAnalysis`; without it every file is analysed in this thread. */
  startWorker?: () => Worker;
  /** The rules for the files analysed in this thread (a worker brings its own); all when absent. */
  rules?: readonly Rule[];
  /** A run with fewer files to analyse stays in this thread, since starting a worker costs more than they do. */
  minJobs?: number;
}

/**
 * A work queue over up to `threads` workers. Jobs wait until `minJobs` have come (the pool never
 * starts for a small run), and workers are started as more files to analyse are found. Each idle
 * worker takes the largest waiting file, so that a big file found late does not leave the other
 * cores idle at the end. Answers come back in whatever order the workers finish; the caller puts
 * them back in file order.
 */
export class AnalysisPool {
  private readonly waiting: { job: AnalysisJob; resolve: (o: AnalysisOutcome) => void }[] = [];
  private readonly workers: { worker: Worker; current?: AnalysisPool['waiting'][number] }[] = [];
  private readonly answers: Promise<AnalysisOutcome>[] = [];
  private waitingChars = 0;
  private roomMade?: () => void;
  private spawned = 0;
  private started = false;
  private stopping = false;

  constructor(private readonly options: PoolOptions) {}

  submit(job: AnalysisJob): Promise<AnalysisOutcome> {
    if (this.options.threads <= 1 || !this.options.startWorker) return Promise.resolve(this.analyseHere(job));
    const answer = new Promise<AnalysisOutcome>((resolve) => this.waiting.push({ job, resolve }));
    this.waitingChars += job.text.length;
    this.answers.push(answer);
    if (this.answers.length >= (this.options.minJobs ?? 8)) this.started = true;
    if (this.started) this.dispatch();
    return answer;
  }

  /**
   * Lets the workers' answers in, and so hands out more work, while the caller is busy with its own.
   * Waits while the texts waiting for a worker add up to more than `MAX_WAITING_CHARS`, so that a
   * large tree is not read into memory faster than it is analysed.
   */
  async breathe(): Promise<void> {
    if (!this.started) return;
    await new Promise((resolve) => setImmediate(resolve));
    while (this.waitingChars > MAX_WAITING_CHARS) await new Promise<void>((resolve) => (this.roomMade = resolve));
  }

  /** No more jobs will come: analyses a small run here, and waits for every answer. */
  async finish(): Promise<void> {
    if (!this.started) for (const w of this.waiting.splice(0)) w.resolve(this.analyseHere(w.job));
    await Promise.all(this.answers);
  }

  /** Stops the workers, whether or not every job was answered, so that they do not keep the process alive. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }

  private dispatch(): void {
    const wanted = Math.min(this.options.threads, Math.ceil(this.answers.length / FILES_PER_WORKER));
    for (; this.spawned < wanted; this.spawned++) this.spawn();
    // Every worker has died: the main thread does the rest, as it would have without them.
    if (this.workers.length === 0) for (const w of this.waiting.splice(0)) w.resolve(this.analyseHere(w.job));
    for (const slot of this.workers) {
      if (slot.current || this.waiting.length === 0) continue;
      let largest = 0;
      for (let i = 1; i < this.waiting.length; i++) if (this.waiting[i].job.text.length > this.waiting[largest].job.text.length) largest = i;
      slot.current = this.waiting.splice(largest, 1)[0];
      this.waitingChars -= slot.current.job.text.length;
      slot.worker.postMessage(slot.current.job);
    }
    if (this.waiting.length === 0) this.waitingChars = 0;
    if (this.waitingChars <= MAX_WAITING_CHARS) this.roomMade?.();
  }

  private spawn(): void {
    const slot: AnalysisPool['workers'][number] = { worker: this.options.startWorker!() };
    this.workers.push(slot);
    slot.worker.on('message', (outcome: AnalysisOutcome) => {
      const done = slot.current;
      slot.current = undefined;
      done?.resolve(outcome);
      this.dispatch();
    });
    // The 'exit' that follows an uncaught error hands the worker's file back; an 'error' event without a listener would throw here.
    slot.worker.on('error', () => {});
    slot.worker.on('exit', () => {
      if (this.stopping) return;
      this.workers.splice(this.workers.indexOf(slot), 1);
      // A worker that died (it could not load the parser, or ran out of memory) is not replaced: its
      // file is analysed here, so the report says what a run without workers would have said.
      if (slot.current) slot.current.resolve(this.analyseHere(slot.current.job));
      this.dispatch();
    });
  }

  private analyseHere(job: AnalysisJob): AnalysisOutcome {
    return analyseJob(job, this.options.rules);
  }
}

/**
 * A worker is started for every few files to analyse, up to `threads`: starting one costs about as
 * much as analysing three or four average files (loading the bundle and the parser).
 */
const FILES_PER_WORKER = 4;

/** About 64 MB of source text read ahead of the workers. */
const MAX_WAITING_CHARS = 64 * 1024 * 1024;

/** A worker's loop: loads the parser once, then answers each job with its outcome. */
export function serveAnalysis(rules?: readonly Rule[]): void {
  const port = parentPort;
  if (!port) throw new Error('serveAnalysis runs in a worker thread');
  const ready = initNodeParser();
  port.on('message', (job: AnalysisJob) => {
    void ready.then(() => port.postMessage(analyseJob(job, rules)));
  });
}
