fn main() {
    for p in std::env::args().skip(1) {
        let d = renja::ingest::textexport::read_text_export(&p).unwrap();
        println!("=== {} tables={} text={}", d.name, d.tables.len(), d.text.len());
        for (i, t) in d.tables.iter().enumerate() {
            let c = renja::classify::classify(t);
            println!("[{i}] {:?} hdr={} rows={} title={:?} th={}", c.kind, t.header_rows.len(), t.rows.len(), t.title, c.thousands_header);
            let keys: Vec<String> = c.columns.iter().map(|c| format!("{}:{}", c.index, c.key)).collect();
            println!("    {}", keys.join(" "));
        }
    }
}
