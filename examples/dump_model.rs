fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let d = renja::ingest::textexport::read_text_export(&args[0]).unwrap();
    let m = renja::model::build(&d);
    println!("meta {:?} style {:?}", m.meta, m.style);
    let only: Option<usize> = args.get(1).and_then(|s| s.parse().ok());
    for t in &m.tables {
        if only.is_some_and(|o| o != t.index) { continue; }
        println!("== [{}] {:?} {} money={:?} notes={:?}", t.index, t.class.kind, t.title, t.money_keys, t.notes);
        for (k, it) in t.items.iter().enumerate() {
            let money: Vec<String> = it.money.iter().map(|(k, v)| format!("{}={}", k, v.value.0 / 100)).collect();
            let name: String = it.name.chars().take(50).collect();
            println!("{k:3} r{:3} {:?} p={:?} att={:?} {:?} {:?} {} [{}] opts={}", it.row, it.level, it.parent, it.attached_to, it.code, it.code_raw, name, money.join(" "), it.money_options.len());
        }
    }
}
