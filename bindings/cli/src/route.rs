//! `helhed route`: decisions as JSON Lines (or CSV, or plain words), one per case in input order,
//! with an error row in place of each bad case.
//!
//! JSON Lines and CSV input stream through a pipeline with constant memory: a reader thread cuts
//! the input into chunks of records, worker threads parse, route and serialise chunks in
//! parallel, and the writer (this thread) emits them in input order. A fixed number of chunks is
//! in flight at any time (a token is taken per chunk read and given back per chunk written), so
//! memory does not grow with the input. One JSON case or a JSON array is read whole.

use crate::csv_format::{self, Layout};
use crate::input::{self, InputFormat, RecordStatus, Records};
use crate::{load_rules, output_error, Fatal};
use chrono::NaiveDate;
use helhed::case::CaseInput;
use helhed::json::DecisionWriter;
use helhed::{
    AgeBand, Case, Decision, InputError, ObligationKind, Outcome, RouteOptions, RuleSet, Unit,
};
use std::collections::BTreeMap;
use std::io::{BufRead, Read, Write};
use std::process::ExitCode;
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender, SyncSender};
use std::sync::{Arc, Mutex};

/// Arguments of `helhed route`.
#[derive(clap::Args)]
#[command(after_long_help = ROUTE_HELP)]
pub struct RouteArgs {
    /// Rule set: an embedded id (see `helhed rules list`) or a path to a rule file.
    #[arg(long)]
    rules: Option<String>,
    /// Decision date (YYYY-MM-DD); defaults to today.
    #[arg(long, value_parser = crate::parse_date)]
    as_of: Option<NaiveDate>,
    /// Leave out the trace of deciding rows (the field stays, as `"trace":[]`).
    #[arg(long, conflicts_with = "trace")]
    no_trace: bool,
    /// Trace entries by reference (`ref`: rule, table, status; the default) or in full (`full`:
    /// also source, text_da, text_en). `helhed rules show` gives every row's texts.
    #[arg(long, value_enum, value_name = "DETAIL")]
    trace: Option<TraceDetail>,
    /// Print each decision and its reasons in plain words (`en` or `da`) instead of JSON Lines.
    #[arg(long, value_name = "LANG", value_parser = ["en", "da"])]
    explain: Option<String>,
    /// Input format; by default from the file's extension (.json, .jsonl or .ndjson, .csv), else
    /// from the content (a JSON array or one JSON case, else JSON Lines).
    #[arg(long, value_enum)]
    input_format: Option<InputFormat>,
    /// Output format: JSON Lines (the contract) or CSV (layout below).
    #[arg(long, value_enum, default_value = "jsonl")]
    output_format: OutputFormat,
    /// At the end, print to stderr how many rows went to each unit, age band and obligation.
    #[arg(long)]
    summary: bool,
    /// Worker threads (default: one per core; at most 4 per core, and 256).
    #[arg(long, value_name = "N", value_parser = parse_threads)]
    threads: Option<usize>,
    /// Largest record (a line, a JSON document, a CSV row) in bytes, its line ending included;
    /// a longer one becomes an error row.
    #[arg(long, value_name = "BYTES", default_value_t = input::DEFAULT_RECORD_LIMIT)]
    max_record_bytes: usize,
    /// Input file (JSON case, JSON array, JSON Lines or CSV); `-` or nothing for standard input.
    file: Option<String>,
}

const ROUTE_HELP: &str = "\
JSON Lines and CSV are streamed: memory stays constant whatever the input's size, and the
output keeps the input's order. A bad row gives an error row in its place,
{\"index\", \"case_id\", \"error\": {code, field, message}}, where index is the 0-based row
(blank lines are not rows). Exit codes: 0 all decided, 1 any error row, 2 usage error,
unreadable input or a bad rule set.

CSV input: a header row, then one case per row; columns in any order; `benefit` and one of
`birth_date`/`cpr` are required, the others optional, and an empty cell is the default:
  id, birth_date, cpr, benefit, fleksjob, placed, aftercare (true|false), efforts, needs,
  social_events, education_status, vocational_education (true|false), plans, legal_capacity
Lists are separated by `|` (needs: `sel|lab`). Efforts: `sector:start:end` with end empty while
open, optionally `:law:section:kind`, separated by `|`:
  sel:2024-01-01:2025-06-30|lab:2024-03-01:
CSV output (--output-format csv): index, case_id, as_of, rule_set, rule_set_version,
rule_set_sha256, age, age_band, target_group, unit, coordinating_unit, co_units, caseworkers,
forum, obligations (kind:unit|...), next_transition_date, next_transition_unit,
next_transition_target_group, next_transition_reason, error_code, error_field, error_message.
The trace is not part of CSV output; use JSON Lines or --explain for the reasons.";

/// How much of each trace entry `helhed route` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TraceDetail {
    /// `rule`, `table` and `status`: the rule set's id, version and sha256 in the decision let
    /// anyone look the texts up (`helhed rules show`).
    Ref,
    /// Also `source`, `text_da` and `text_en`.
    Full,
}

/// The most worker threads `--threads` accepts: 4 per core, and at most 256.
pub fn max_threads() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    (4 * cores).min(256)
}

fn parse_threads(text: &str) -> Result<usize, String> {
    let max = max_threads();
    match text.parse::<usize>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => Err(format!(
            "expected a number of threads from 1 to {max} (4 per core, at most 256)"
        )),
    }
}

/// Output formats of `helhed route`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// One decision (or error row) per line, as JSON.
    Jsonl,
    /// CSV with a header row.
    Csv,
}

/// Records per chunk (fewer with the trace on: its rows are long).
const CHUNK_RECORDS: usize = 4096;
const CHUNK_RECORDS_TRACE: usize = 1024;
/// A chunk is cut early once it holds this many input bytes.
const CHUNK_BYTES: usize = 4 << 20;

/// What every worker needs to turn a record into an output row.
struct Job {
    rules: RuleSet,
    as_of: NaiveDate,
    options: RouteOptions,
    explain: Option<bool>,
    output: OutputFormat,
    /// `Some` for CSV input.
    layout: Option<Layout>,
    /// How much of each trace entry JSON Lines output holds.
    detail: TraceDetail,
    /// The record-size limit, for the error of a record over it.
    limit: usize,
}

/// The buffers of one chunk in flight. They travel reader → worker → writer and back to the
/// reader as its token for the next chunk, so the pipeline reuses a fixed set of buffers.
#[derive(Default)]
struct Buffers {
    /// Input records, back to back.
    data: Vec<u8>,
    /// End offset of each record in `data`.
    ends: Vec<usize>,
    /// How each record was read (a record over the size limit holds no bytes).
    status: Vec<RecordStatus>,
    /// Output rows.
    out: Vec<u8>,
}

impl Buffers {
    fn clear(&mut self) {
        self.data.clear();
        self.ends.clear();
        self.status.clear();
    }
}

/// A run of consecutive records: `data[ends[k-1]..ends[k]]` is record `first + k`.
struct Chunk {
    seq: u64,
    first: usize,
    buffers: Buffers,
}

/// A chunk's output (in `buffers.out`).
struct Done {
    seq: u64,
    buffers: Buffers,
    stats: Stats,
    bytes: u64,
}

enum Message {
    Done(Box<Done>),
    Fatal(String),
}

/// Counts for `--summary` and the exit code.
#[derive(Default, Clone)]
struct Stats {
    rows: u64,
    errors: u64,
    target_group: u64,
    eligible: u64,
    units: [u64; Unit::ALL.len()],
    bands: [u64; AgeBand::ALL.len()],
    /// Per unit: (eligible, members).
    unit_groups: [[u64; 2]; Unit::ALL.len()],
    /// Per age band: (eligible, members).
    band_groups: [[u64; 2]; AgeBand::ALL.len()],
    obligations: [[u64; Unit::ALL.len()]; ObligationKind::ALL.len()],
}

impl Stats {
    fn count(&mut self, d: &Decision) {
        self.rows += 1;
        self.target_group += d.target_group as u64;
        self.eligible += d.eligible as u64;
        self.units[d.unit.index()] += 1;
        self.bands[d.age_band.index()] += 1;
        self.unit_groups[d.unit.index()][0] += d.eligible as u64;
        self.unit_groups[d.unit.index()][1] += d.target_group as u64;
        self.band_groups[d.age_band.index()][0] += d.eligible as u64;
        self.band_groups[d.age_band.index()][1] += d.target_group as u64;
        for o in &d.obligations {
            self.obligations[o.kind.index()][o.unit.index()] += 1;
        }
    }

    /// Counts a decision from its outcome, as [`Stats::count`] counts the decision.
    fn count_outcome(&mut self, rules: &RuleSet, outcome: &Outcome) {
        self.rows += 1;
        self.target_group += outcome.target_group as u64;
        self.eligible += outcome.eligible as u64;
        let unit = rules.unit_of(outcome).index();
        let band = outcome.age_band().index();
        self.units[unit] += 1;
        self.bands[band] += 1;
        self.unit_groups[unit][0] += outcome.eligible as u64;
        self.unit_groups[unit][1] += outcome.target_group as u64;
        self.band_groups[band][0] += outcome.eligible as u64;
        self.band_groups[band][1] += outcome.target_group as u64;
        for i in rules.obligation_rows(outcome) {
            if let Some(row) = rules.obligations.get(i) {
                self.obligations[row.then.kind.index()][row.then.unit.index()] += 1;
            }
        }
    }

    fn add(&mut self, other: &Stats) {
        self.rows += other.rows;
        self.errors += other.errors;
        self.target_group += other.target_group;
        self.eligible += other.eligible;
        for (a, b) in self.units.iter_mut().zip(&other.units) {
            *a += b;
        }
        for (a, b) in self
            .unit_groups
            .iter_mut()
            .flatten()
            .zip(other.unit_groups.iter().flatten())
        {
            *a += b;
        }
        for (a, b) in self
            .band_groups
            .iter_mut()
            .flatten()
            .zip(other.band_groups.iter().flatten())
        {
            *a += b;
        }
        for (a, b) in self.bands.iter_mut().zip(&other.bands) {
            *a += b;
        }
        for (row, other_row) in self.obligations.iter_mut().zip(&other.obligations) {
            for (a, b) in row.iter_mut().zip(other_row) {
                *a += b;
            }
        }
    }

    fn print(&self) {
        let decided = self.rows - self.errors;
        let plural =
            |n: u64, one: &'static str, many: &'static str| if n == 1 { one } else { many };
        let mut text = format!(
            "helhed route: {} {}: {decided} decided, {} {}; {} eligible, {} in the target group\n",
            self.rows,
            plural(self.rows, "row", "rows"),
            self.errors,
            plural(self.errors, "error", "errors"),
            self.eligible,
            self.target_group
        );
        text.push_str(&format!(
            "unit{:<46} {:>10} {:>10} {:>10}\n",
            "", "cases", "eligible", "members"
        ));
        for ((u, n), [e, m]) in Unit::ALL.iter().zip(&self.units).zip(&self.unit_groups) {
            text.push_str(&format!("  {:<50} {n:>10} {e:>10} {m:>10}\n", u.as_str()));
        }
        text.push_str(&format!(
            "age band{:<42} {:>10} {:>10} {:>10}\n",
            "", "cases", "eligible", "members"
        ));
        for ((b, n), [e, m]) in AgeBand::ALL.iter().zip(&self.bands).zip(&self.band_groups) {
            text.push_str(&format!("  {:<50} {n:>10} {e:>10} {m:>10}\n", b.as_str()));
        }
        text.push_str("obligation (kind -> unit)\n");
        for (k, row) in ObligationKind::ALL.iter().zip(&self.obligations) {
            for (u, n) in Unit::ALL.iter().zip(row) {
                if *n > 0 {
                    let label = format!("{} -> {}", k.as_str(), u.as_str());
                    text.push_str(&format!("  {label:<50} {n:>10}\n"));
                }
            }
        }
        eprint!("{}", helhed::cpr::redact(&text));
    }
}

/// Runs `helhed route`.
pub fn run(args: RouteArgs) -> Result<ExitCode, Fatal> {
    if args.explain.is_some() && args.output_format == OutputFormat::Csv {
        return Err(Fatal(
            "--explain prints words; it does not go with --output-format csv".into(),
        ));
    }
    let rules = load_rules(args.rules.as_deref())?;
    let as_of = args
        .as_of
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let trace = !args.no_trace && args.output_format == OutputFormat::Jsonl;
    let options = RouteOptions {
        trace,
        next_transition: true,
    };
    let stdin = matches!(args.file.as_deref(), None | Some("-"));
    if stdin && std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        eprintln!(
            "helhed route: reading cases from the terminal (JSON Lines, JSON or CSV); end with \
             Ctrl-D, or give a file: helhed route cases.jsonl"
        );
    }
    let mut input = input::open(args.file.as_deref(), args.input_format)?;
    let name = args
        .file
        .as_deref()
        .filter(|f| *f != "-")
        .map_or("standard input".to_string(), |f| format!("`{f}`"));
    let read_error = |e: std::io::Error| Fatal(format!("cannot read {name}: {e}"));
    let limit = args.max_record_bytes.max(1);

    let format = input.format.unwrap_or(InputFormat::Jsonl);
    let mut layout = None;
    let source = match format {
        InputFormat::Json | InputFormat::Jsonl => {
            let array = input::starts_with_array(input.reader.as_mut()).map_err(read_error)?;
            if !array
                && format == InputFormat::Json
                && input.reader.fill_buf().map_err(read_error)?.is_empty()
            {
                return Err(Fatal(format!(
                    "cannot read {name}: the input is empty: expected one JSON case or a JSON \
                     array of cases"
                )));
            }
            if array {
                let mut bytes = Vec::new();
                input.reader.read_to_end(&mut bytes).map_err(read_error)?;
                let text = String::from_utf8(bytes)
                    .map_err(|_| Fatal(format!("cannot read {name}: not UTF-8 text")))?;
                match input::array_elements(&text)
                    .map_err(|message| Fatal(format!("cannot read {name}: {message}")))?
                {
                    Some(elements) => Source::Documents(elements),
                    None => Source::Records(Records::new(
                        Box::new(std::io::Cursor::new(text.into_bytes())),
                        limit,
                        true,
                    )),
                }
            } else {
                Source::Records(Records::new(input.reader, limit, true))
            }
        }
        InputFormat::Csv => {
            let mut records = Records::new(input.reader, limit, false);
            let mut header = Vec::new();
            match records.next_into(&mut header).map_err(read_error)? {
                None => {}
                Some(RecordStatus::TooLong) => {
                    return Err(Fatal(format!(
                        "cannot read {name}: the CSV header is longer than {limit} bytes \
                         (--max-record-bytes)"
                    )))
                }
                Some(RecordStatus::Whole) => {
                    let mut reader = csv_format::LineReader::new();
                    let names: Vec<String> = reader
                        .cells(input::trim_line_end(&header))
                        .map_err(|e| {
                            Fatal(format!(
                                "cannot read {name}: the CSV header: {}",
                                e.to_input_error()
                            ))
                        })?
                        .into_iter()
                        .map(str::to_string)
                        .collect();
                    layout = Some(Layout::from_header(&names).map_err(Fatal)?);
                }
            }
            Source::Records(records)
        }
    };

    let job = Arc::new(Job {
        rules,
        as_of,
        options,
        detail: args.trace.unwrap_or(TraceDetail::Ref),
        explain: args.explain.as_deref().map(|lang| lang == "da"),
        output: args.output_format,
        layout,
        limit,
    });
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));
    let per_chunk = if trace {
        CHUNK_RECORDS_TRACE
    } else {
        CHUNK_RECORDS
    };
    let progress = Progress::new(input.size);
    let stats = pipeline(source, job, threads, per_chunk, &progress)?;
    progress.finish();
    if args.summary {
        stats.print();
    }
    Ok(if stats.errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Where records come from.
enum Source {
    /// Whole documents, already split (the elements of a JSON array).
    Documents(Vec<String>),
    /// A stream of records: JSON documents (a line each, or pretty-printed), or CSV rows.
    Records(Records),
}

/// Runs the reader, the workers and the writer; returns the totals.
fn pipeline(
    source: Source,
    job: Arc<Job>,
    threads: usize,
    per_chunk: usize,
    progress: &Progress,
) -> Result<Stats, Fatal> {
    let in_flight = 2 * threads + 2;
    let (tokens_tx, tokens_rx) = sync_channel::<Buffers>(in_flight);
    for _ in 0..in_flight {
        let _ = tokens_tx.send(Buffers::default());
    }
    let (work_tx, work_rx) = sync_channel::<Chunk>(in_flight);
    let work_rx = Arc::new(Mutex::new(work_rx));
    let (done_tx, done_rx) = channel::<Message>();
    std::thread::scope(|scope| {
        let reader_done = done_tx.clone();
        scope.spawn(move || {
            if let Err(message) = read_chunks(source, per_chunk, &tokens_rx, &work_tx) {
                let _ = reader_done.send(Message::Fatal(message));
            }
        });
        for _ in 0..threads {
            let (work_rx, done_tx, job) = (Arc::clone(&work_rx), done_tx.clone(), Arc::clone(&job));
            scope.spawn(move || work(&job, &work_rx, &done_tx));
        }
        drop(done_tx);
        write_in_order(&job, done_rx, tokens_tx, progress)
    })
}

/// The reader: cuts the input into chunks, taking a token per chunk.
fn read_chunks(
    source: Source,
    per_chunk: usize,
    tokens: &Receiver<Buffers>,
    work: &SyncSender<Chunk>,
) -> Result<(), String> {
    let mut seq = 0u64;
    let mut index = 0usize;
    match source {
        Source::Documents(docs) => {
            for group in docs.chunks(per_chunk) {
                let Ok(mut buffers) = tokens.recv() else {
                    return Ok(());
                };
                buffers.clear();
                for doc in group {
                    buffers.data.extend_from_slice(doc.as_bytes());
                    buffers.ends.push(buffers.data.len());
                    buffers.status.push(RecordStatus::Whole);
                }
                let chunk = Chunk {
                    seq,
                    first: index,
                    buffers,
                };
                index += group.len();
                seq += 1;
                if work.send(chunk).is_err() {
                    return Ok(());
                }
            }
        }
        Source::Records(mut records) => loop {
            let Ok(mut buffers) = tokens.recv() else {
                return Ok(());
            };
            buffers.clear();
            let mut end = false;
            while buffers.ends.len() < per_chunk && buffers.data.len() < CHUNK_BYTES {
                match records
                    .next_into(&mut buffers.data)
                    .map_err(|e| format!("cannot read the input: {e}"))?
                {
                    None => {
                        end = true;
                        break;
                    }
                    Some(status) => {
                        buffers.ends.push(buffers.data.len());
                        buffers.status.push(status);
                    }
                }
            }
            if !buffers.ends.is_empty() {
                let records = buffers.ends.len();
                let chunk = Chunk {
                    seq,
                    first: index,
                    buffers,
                };
                index += records;
                seq += 1;
                if work.send(chunk).is_err() {
                    return Ok(());
                }
            }
            if end {
                return Ok(());
            }
        },
    }
    Ok(())
}

/// A worker: parses, routes and serialises chunks until there are none.
fn work(job: &Job, chunks: &Mutex<Receiver<Chunk>>, done: &Sender<Message>) {
    // JSON Lines output is written by the fast writer (the same bytes as serialising the
    // `Decision`, which it does not build, and redacting them); CSV and --explain build the
    // decision.
    let writer = match job.detail {
        TraceDetail::Full => DecisionWriter::new(&job.rules),
        TraceDetail::Ref => DecisionWriter::by_reference(&job.rules),
    }
    .redacting();
    let fast_json = job.output == OutputFormat::Jsonl && job.explain.is_none();
    let mut lines = csv_format::LineReader::new();
    loop {
        let chunk = match chunks.lock() {
            Ok(rx) => match rx.recv() {
                Ok(chunk) => chunk,
                Err(_) => return,
            },
            Err(_) => return,
        };
        let Chunk {
            seq,
            first,
            buffers:
                Buffers {
                    data,
                    ends: record_ends,
                    status,
                    out: mut out_buffer,
                },
        } = chunk;
        out_buffer.clear();
        let (mut out, mut csv_out) = match job.output {
            OutputFormat::Csv => (
                Vec::new(),
                Some(
                    csv::WriterBuilder::new()
                        .has_headers(false)
                        .from_writer(out_buffer),
                ),
            ),
            OutputFormat::Jsonl => (out_buffer, None),
        };
        let mut stats = Stats::default();
        let mut start = 0;
        for (k, (&end, &record_status)) in record_ends.iter().zip(&status).enumerate() {
            let record = input::trim_line_end(&data[start..end]);
            start = end;
            let index = first + k;
            // The id for an error row, found only when there is one (never a CPR number).
            let mut csv_id: Option<String> = None;
            let case = if record_status == RecordStatus::TooLong {
                Err(InputError::InvalidValue {
                    field: String::new(),
                    expected: format!(
                        "a record of at most {} bytes (raise the limit with --max-record-bytes)",
                        job.limit
                    ),
                })
            } else {
                match &job.layout {
                    None => parse_json(record),
                    Some(layout) => match lines.cells(record) {
                        Err(e) => Err(e.to_input_error()),
                        Ok(cells) => {
                            let case = layout.case(&cells).and_then(CaseInput::validate);
                            if case.is_err() {
                                csv_id = layout
                                    .id_of(&cells)
                                    .filter(|id| !helhed::case::looks_like_cpr(id))
                                    .map(str::to_string);
                            }
                            case
                        }
                    },
                }
            };
            let result = case.and_then(|case| {
                if fast_json {
                    let outcome = writer.route_into(&case, job.as_of, job.options, &mut out)?;
                    out.push(b'\n');
                    stats.count_outcome(&job.rules, &outcome);
                    return Ok(Ok(()));
                }
                let decision = job.rules.route(&case, job.as_of, job.options)?;
                stats.count(&decision);
                Ok(match (&mut csv_out, job.explain) {
                    (Some(w), _) => {
                        csv_format::write_decision(w, index, &decision).map_err(|e| e.to_string())
                    }
                    (None, Some(da)) => {
                        let text = helhed::explain::describe_decision(&decision, da);
                        out.extend_from_slice(text.trim_end().as_bytes());
                        out.push(b'\n');
                        Ok(())
                    }
                    (None, None) => serde_json::to_writer(&mut out, &decision)
                        .map(|()| out.push(b'\n'))
                        .map_err(|e| e.to_string()),
                })
            });
            let written = match result {
                Ok(written) => written,
                Err(error) => {
                    stats.rows += 1;
                    stats.errors += 1;
                    let id = match &job.layout {
                        None if record_status == RecordStatus::Whole => {
                            std::str::from_utf8(record).ok().and_then(input::case_id_of)
                        }
                        None => None,
                        Some(_) => csv_id,
                    };
                    match (&mut csv_out, job.explain) {
                        (Some(w), _) => csv_format::write_error(w, index, id.as_deref(), &error)
                            .map_err(|e| e.to_string()),
                        (None, Some(da)) => {
                            let text =
                                helhed::explain::describe_error(index, id.as_deref(), &error, da);
                            out.extend_from_slice(text.trim_end().as_bytes());
                            out.push(b'\n');
                            Ok(())
                        }
                        (None, None) => {
                            let start = out.len();
                            out.extend_from_slice(error_row(index, id, &error).as_bytes());
                            if fast_json {
                                // The chunk's pass below is left out for the fast writer.
                                helhed::cpr::redact_from(&mut out, start);
                            }
                            out.push(b'\n');
                            Ok(())
                        }
                    }
                }
            };
            if let Err(message) = written {
                let _ = done.send(Message::Fatal(format!("cannot write output: {message}")));
                return;
            }
        }
        if let Some(w) = csv_out {
            match w.into_inner() {
                Ok(bytes) => out = bytes,
                Err(e) => {
                    let _ = done.send(Message::Fatal(format!("cannot write output: {e}")));
                    return;
                }
            }
        }
        // The second line of defence: no CPR-like number leaves, whatever wrote the row. The
        // fast writer redacts as it writes (`DecisionWriter::redacting`: its rule-set pieces
        // once, the case's id and the transition's reason per row) and its error rows were
        // redacted above, so only the other outputs need a pass over every byte.
        if !fast_json {
            helhed::cpr::redact_in_place(&mut out);
        }
        let bytes = data.len() as u64;
        let message = Message::Done(Box::new(Done {
            seq,
            buffers: Buffers {
                data,
                ends: record_ends,
                status,
                out,
            },
            stats,
            bytes,
        }));
        if done.send(message).is_err() {
            return;
        }
    }
}

/// One JSON case.
fn parse_json(record: &[u8]) -> Result<Case, InputError> {
    // Core's reader, which tracks the field path itself (as fast as plain serde was, so no
    // second reader for errors). The record is checked as UTF-8 once, as a whole: a record that
    // `from_slice` reads is UTF-8, so the answers are the same.
    match std::str::from_utf8(record) {
        Ok(text) => Case::from_json(text),
        Err(e) => Err(InputError::Syntax {
            line: 1,
            column: e.valid_up_to() + 1,
        }),
    }
}

/// The writer: emits chunks in input order and gives their tokens back.
fn write_in_order(
    job: &Job,
    done: Receiver<Message>,
    tokens: SyncSender<Buffers>,
    progress: &Progress,
) -> Result<Stats, Fatal> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
    if job.output == OutputFormat::Csv {
        writeln!(out, "{}", csv_format::OUTPUT_COLUMNS.join(",")).map_err(output_error)?;
    }
    let mut totals = Stats::default();
    let mut pending: BTreeMap<u64, Box<Done>> = BTreeMap::new();
    let mut next = 0u64;
    for message in done {
        let chunk = match message {
            Message::Done(chunk) => chunk,
            Message::Fatal(message) => return Err(Fatal(message)),
        };
        pending.insert(chunk.seq, chunk);
        while let Some(chunk) = pending.remove(&next) {
            out.write_all(&chunk.buffers.out).map_err(output_error)?;
            totals.add(&chunk.stats);
            progress.tick(chunk.bytes);
            next += 1;
            let _ = tokens.send(chunk.buffers);
        }
    }
    out.flush().map_err(output_error)?;
    Ok(totals)
}

/// The error row of the contract: `{"index", "case_id", "error": {code, field, message}}`.
pub fn error_row(index: usize, case_id: Option<String>, error: &helhed::InputError) -> String {
    helhed::ErrorRow::new(index, case_id.as_deref(), error).to_json()
}

/// A progress bar on stderr, shown only on a terminal and only once the work has run a second.
pub struct Progress {
    bar: indicatif::ProgressBar,
    started: std::time::Instant,
    shown: std::sync::atomic::AtomicBool,
}

impl Progress {
    /// A hidden bar for `total` bytes (unknown: a spinner).
    pub fn new(total: Option<u64>) -> Progress {
        let bar = indicatif::ProgressBar::with_draw_target(
            total,
            indicatif::ProgressDrawTarget::hidden(),
        );
        let template = if total.is_some() {
            "{wide_bar} {bytes}/{total_bytes} ({eta})"
        } else {
            "{spinner} {bytes} read ({elapsed})"
        };
        if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
            bar.set_style(style);
        }
        Progress {
            bar,
            started: std::time::Instant::now(),
            shown: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// Counts `n` more bytes done.
    pub fn tick(&self, n: u64) {
        use std::sync::atomic::Ordering;
        self.bar.inc(n);
        if !self.shown.load(Ordering::Relaxed)
            && self.started.elapsed().as_secs() >= 1
            && std::io::IsTerminal::is_terminal(&std::io::stderr())
        {
            self.shown.store(true, Ordering::Relaxed);
            self.bar
                .set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
