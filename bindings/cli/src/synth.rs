//! `helhed synth`: writes a synthetic population (clearly synthetic: ids `synth-000001`, ...,
//! birth dates only, never a CPR number) for benchmarks and demos. Deterministic: the same
//! `--n`, `--seed` and `--reference` always give the same bytes. The distributions are those of
//! `helhed::synth` (documented there and in `--help`).

use crate::{csv_format, output_error, Fatal};
use chrono::NaiveDate;
use std::io::Write;
use std::process::ExitCode;

/// Arguments of `helhed synth`.
#[derive(clap::Args)]
#[command(after_long_help = SYNTH_HELP)]
pub struct SynthArgs {
    /// How many cases.
    #[arg(long, value_name = "N")]
    n: u64,
    /// Seed of the generator (row i depends only on the seed and i).
    #[arg(long, value_name = "S", default_value_t = 1)]
    seed: u64,
    /// Output format: JSON Lines or CSV (the layout `helhed route` reads).
    #[arg(long, value_enum, default_value = "jsonl")]
    format: SynthFormat,
    /// The date ages are drawn for (use it as `helhed route --as-of`).
    #[arg(long, value_name = "YYYY-MM-DD", default_value = "2026-01-01", value_parser = crate::parse_date)]
    reference: NaiveDate,
    /// The rates: `case-rich` (every route appears) or `municipality` (nearer an ordinary
    /// municipality, for calibration; see docs/calibration.md).
    #[arg(long, value_enum, default_value = "case-rich")]
    profile: SynthProfile,
}

/// The rate profiles of `helhed synth` (`helhed::synth::Profile`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SynthProfile {
    /// Deliberately rich in cases (the rates below).
    CaseRich,
    /// Fewer efforts, needs and benefits: order-of-magnitude assumptions, not statistics.
    Municipality,
}

impl From<SynthProfile> for helhed::synth::Profile {
    fn from(p: SynthProfile) -> Self {
        match p {
            SynthProfile::CaseRich => helhed::synth::Profile::CaseRich,
            SynthProfile::Municipality => helhed::synth::Profile::Municipality,
        }
    }
}

const SYNTH_HELP: &str = "\
The population is synthetic and Danish-like, deliberately richer in cases than a real
municipality so that every route appears:
  age on the reference date: 0-14 16%, 15-17 3.5%, 18-24 9%, 25-29 6.5%, 30-39 12.5%,
    40-49 12%, 50-59 13.5%, 60-66 9%, 67-79 13%, 80-99 5% (uniform within a band)
  benefit: under 18 none 97%; 18-29 none 55%, su 15%, uddannelseshjaelp 8%, kontanthjaelp 8%,
    sygedagpenge 3%, ressourceforloebsydelse 2%, ledighedsydelse 1%, foertidspension 2%,
    other 6%; 30-66 none 66%, kontanthjaelp 7%, sygedagpenge 5%, ressourceforloebsydelse 3%,
    ledighedsydelse 2%, foertidspension 8%, su 1%, other 8%; 67+ folkepension 96%
  fleksjob 3% of 18-66; placed 3% of under-18s; aftercare 1% of 18-22
  efforts per sector: sel 8% of 18+, barnets_lov 8% of under-18s, lab 12% of 18-66 (60% on a
    contact-course benefit), education 10% of 15-29, health 8%; started up to 1,000 days
    before the reference date; 40% open, 30% ended, 30% ending later
  needs 3% per sector; social events (15+): homelessness 0.8%, eviction 0.5%,
    substance_abuse 4%, psychiatric_illness 5%, violence 1.5%, debt 6%,
    release_from_prison 0.5%
  education status (15-29): in_education 70%, in_employment 12%, other_activity 6%, none 12%
  vocational education: 18-24 30%, 25+ 70%; legal capacity: guardian 0.6%, future power of
    attorney 0.3% (2% from 60)
With --profile municipality (order-of-magnitude assumptions for calibration, not statistics):
  benefit 18-29 none 62%, su 20%, uddannelseshjaelp 4%, kontanthjaelp 2.5%, sygedagpenge 2.5%,
    ressourceforloebsydelse 1%, ledighedsydelse 0.5%, foertidspension 1.5%, other 6%;
    30-66 none 72%, kontanthjaelp 3%, sygedagpenge 4%, ressourceforloebsydelse 1.5%,
    ledighedsydelse 1.5%, foertidspension 7%, su 1%, other 10%
  efforts: sel 2%, barnets_lov 4%, lab 1% (60% on a contact-course benefit), education 3%,
    health 4%; needs 0.5% per sector; social events at half the rates above";

/// Output formats of `helhed synth`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SynthFormat {
    /// One case per line, as JSON.
    Jsonl,
    /// CSV with a header row.
    Csv,
}

/// Rows generated per block (split across threads, written in order).
const BLOCK: u64 = 1 << 16;

/// Runs `helhed synth`.
pub fn run(args: SynthArgs) -> Result<ExitCode, Fatal> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
    if args.format == SynthFormat::Csv {
        writeln!(out, "{}", csv_format::INPUT_COLUMNS.join(",")).map_err(output_error)?;
    }
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()) as u64;
    let mut start = 0u64;
    while start < args.n {
        let end = (start + BLOCK).min(args.n);
        let per_thread = (end - start).div_ceil(threads);
        let parts: Vec<Vec<u8>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|t| {
                    let from = (start + t * per_thread).min(end);
                    let to = (from + per_thread).min(end);
                    scope.spawn(move || {
                        block(
                            args.profile.into(),
                            args.seed,
                            from..to,
                            args.reference,
                            args.format,
                        )
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_default())
                .collect()
        });
        for part in parts {
            out.write_all(&part).map_err(output_error)?;
        }
        start = end;
    }
    out.flush().map_err(output_error)?;
    Ok(ExitCode::SUCCESS)
}

fn block(
    profile: helhed::synth::Profile,
    seed: u64,
    rows: std::ops::Range<u64>,
    reference: NaiveDate,
    format: SynthFormat,
) -> Vec<u8> {
    let mut buf = Vec::with_capacity((rows.end - rows.start) as usize * 160);
    match format {
        SynthFormat::Jsonl => {
            for i in rows {
                let case = helhed::synth::case_with(profile, seed, i, reference);
                if serde_json::to_writer(&mut buf, &case.to_input()).is_ok() {
                    buf.push(b'\n');
                }
            }
        }
        SynthFormat::Csv => {
            let mut w = csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(buf);
            for i in rows {
                let case = helhed::synth::case_with(profile, seed, i, reference);
                let _ = csv_format::write_case(&mut w, &case);
            }
            buf = w.into_inner().unwrap_or_default();
        }
    }
    buf
}
