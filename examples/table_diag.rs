//! Debug aid: scores a PDF against the text export it was rendered from, table by table, so a
//! layout regression points at the table that lost its cells.
//! `cargo run --release --example table_diag -- SEED.txt RENDER.pdf [TABLE-INDEX]`
use renja::eval::{pred_tables, score_document, GtDoc, GtTable};
use renja::pipeline::{extract_file, ExtractOptions};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let export = renja::ingest::textexport::read_text_export(&args[0]).expect("readable");
    let doc = extract_file(std::path::Path::new(&args[1]), &ExtractOptions::default())
        .expect("readable pdf");
    let pred = pred_tables(&doc);
    let show: Option<usize> = args.get(2).and_then(|s| s.parse().ok());
    let cells = |rows: &[renja::extracted::Row]| -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.cells.iter().map(|c| c.text.clone()).collect())
            .collect()
    };
    for (i, t) in export.tables.iter().enumerate() {
        let gt = GtDoc {
            document: String::new(),
            tables: vec![GtTable::from_table(t)],
        };
        let c = score_document(&gt, &pred);
        println!(
            "#{i:<3} rows {:>4} cells {:>5} correct {:>5} ({:.3}) num {}/{}  {:?}",
            t.rows.len(),
            c.gt_cells,
            c.correct,
            c.correct as f64 / c.gt_cells.max(1) as f64,
            c.num_ok,
            c.num_total,
            t.title.chars().take(60).collect::<String>()
        );
        if show == Some(i) && std::env::var_os("DIFF").is_some() {
            let all: Vec<&Vec<String>> = pred.iter().flat_map(|p| &p.rows).collect();
            for g in cells(&t.rows) {
                let score = |p: &Vec<String>| {
                    g.iter()
                        .zip(p)
                        .filter(|(a, b)| !a.is_empty() && a.replace(' ', "") == b.replace(' ', ""))
                        .count()
                };
                let Some(best) = all.iter().max_by_key(|p| score(p)) else {
                    continue;
                };
                let filled = g.iter().filter(|c| !c.is_empty()).count();
                if score(best) < filled {
                    println!("   GT  {}", g.join(" | "));
                    println!("   PR  {}", best.join(" | "));
                }
            }
        }
        if show == Some(i) {
            for r in cells(&t.rows).iter().take(
                std::env::var("GT_ROWS")
                    .ok()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(12),
            ) {
                println!("   GT  {}", r.join(" | "));
            }
        }
    }
    let m = score_document(&GtDoc::from_document(&export, ""), &pred).metrics();
    let want = renja::report::check_document(&export);
    let got = renja::report::check_document(&doc);
    let key = |f: &renja::checks::Finding| {
        format!(
            "{} {:?} {:?} {:?} {:?}",
            f.id, f.code, f.column, f.expected, f.found
        )
    };
    let w: Vec<String> = want.iter().map(key).collect();
    let g: Vec<String> = got.iter().map(key).collect();
    let mut left = g.clone();
    let mut kept = 0;
    let mut lost = Vec::new();
    for k in &w {
        if let Some(p) = left.iter().position(|x| x == k) {
            left.remove(p);
            kept += 1;
        } else {
            lost.push(k);
        }
    }
    println!(
        "== cell F1 {:.3} numeric {:.3} findings kept {kept} lost {} extra {}",
        m.cell_f1,
        m.numeric_accuracy,
        w.len() - kept,
        left.len()
    );
    if std::env::var_os("FINDINGS").is_some() {
        for k in &left {
            println!("   extra {k}");
        }
        for k in &lost {
            println!("   lost {k}");
        }
    }
    println!("-- predicted tables");
    for (i, t) in doc.tables.iter().enumerate() {
        println!(
            "P{i:<3} page {:>3} rows {:>4} cols {:>2}  {:?}",
            t.page,
            t.rows.len(),
            t.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0),
            t.title.chars().take(60).collect::<String>()
        );
        if std::env::var_os("SHOW_PRED").is_some_and(|v| v.to_string_lossy() == i.to_string()) {
            let n: usize = std::env::var("SHOW_ROWS")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(20);
            for (r, row) in cells(&t.rows).iter().zip(&t.rows).take(n) {
                println!("   P{:>3} {}", row.page, r.join(" | "));
            }
        }
    }
}
