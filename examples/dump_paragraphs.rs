//! Debug aid: prints the paragraphs of running text of a PDF or text export, with their page
//! and the table they follow.
fn main() {
    for p in std::env::args().skip(1) {
        let opts = renja::pipeline::ExtractOptions::default();
        let doc = match renja::pipeline::extract_file(std::path::Path::new(&p), &opts) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("{e}");
                continue;
            }
        };
        for (i, para) in doc.paragraphs.iter().enumerate() {
            let after = para
                .after_table
                .and_then(|t| doc.tables.get(t))
                .map(|t| t.title.chars().take(40).collect::<String>())
                .unwrap_or_default();
            println!(
                "#{i} p{} after={:?} [{after}] {}",
                para.page, para.after_table, para.text
            );
        }
    }
}
