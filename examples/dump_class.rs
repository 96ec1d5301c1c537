//! Debug aid: prints each table's kind and column keys of a text export.
fn main() {
    if let Ok(p) = std::env::var("ITEMS") {
        items(&p);
        return;
    }
    for p in std::env::args().skip(1) {
        let doc = renja::ingest::textexport::read_text_export(&p).expect("readable");
        for (i, t) in doc.tables.iter().enumerate() {
            let c = renja::classify::classify(t);
            println!("#{i} {:?} {:?}", c.kind, t.title);
            for col in &c.columns {
                println!(
                    "   {} {} m={} | {}",
                    col.index, col.key, col.money, col.header
                );
            }
        }
    }
}

/// Prints the model items (row, level, code, money) of a text export's tables.
#[allow(dead_code)]
fn items(p: &str) {
    let doc = renja::ingest::textexport::read_text_export(p).expect("readable");
    let m = renja::model::build(&doc);
    for t in &m.tables {
        println!("== #{} {:?} {:?}", t.index, t.class.kind, t.title);
        for it in &t.items {
            let money: Vec<String> = it
                .money
                .iter()
                .map(|(k, v)| format!("{k}={}", v.raw))
                .collect();
            let inds: Vec<String> = it
                .indicators
                .iter()
                .map(|i| format!("[{} => {:?}]", i.text, i.target))
                .collect();
            println!(
                "{} {:?} {:?} p={:?} a={:?} {} sat={:?} {}",
                it.row,
                it.level,
                it.code,
                it.parent,
                it.attached_to,
                money.join(" "),
                it.satuan,
                inds.join(" ")
            );
        }
    }
}
