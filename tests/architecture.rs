//! The house's layers, checked on the source: every `crate::` path in `src/` points to
//! a layer below the module it is written in, so the top-level modules' import graph
//! has no circle; and the analysis core reads no files, speaks no protocol and runs no
//! rules. A new import that breaks a layer fails here, naming the file and the line.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The library's top-level modules, bottom layer first. A module may import only from
/// layers below its own; two modules of one layer may not import each other.
const LAYERS: &[&[&str]] = &[
    &["text", "parallel"],
    &["config"],
    &["analysis", "notes"],
    &["rules"],
    &["check"],
    &["server", "cli"],
];

/// What the analysis core never names: the rules and the pipeline above it, the
/// configuration's loading (it reads a `Config` value only), the front ends, the
/// protocol and I/O.
const NOT_IN_ANALYSIS: &[&str] = &[
    "crate::rules",
    "crate::check",
    "crate::server",
    "crate::cli",
    "crate::config::file",
    "crate::config::store",
    "crate::config::starter",
    "crate::config::Store",
    "crate::config::parse_toml",
    "tower_lsp_server",
    "lsp_types",
    "tokio",
    "std::fs",
    "std::net",
    "std::process",
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// Every `.rs` file below `dir`.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read src/") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// The module path of a file below `src/`: `analysis/entities/mod.rs` → [analysis,
/// entities]; `check.rs` → [check].
fn module_path(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let file = parts.pop().expect("a file name");
    if file != "mod.rs" {
        parts.push(file.trim_end_matches(".rs").to_string());
    }
    parts
}

/// The code of a line, without a comment that takes the whole line.
fn code(line: &str) -> &str {
    if line.trim_start().starts_with("//") {
        ""
    } else {
        line
    }
}

/// The top-level modules a line names: `crate::x`, `use crate::{x, y::z}`, and
/// `super::` chains that climb to the crate root.
fn named_modules(line: &str, path: &[String]) -> Vec<String> {
    let mut named = Vec::new();
    let ident_at = |rest: &str| -> String {
        rest.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    for (at, _) in line.match_indices("crate::") {
        // `copydesk::crate::` never occurs; a preceding identifier character means
        // another word that ends in "crate".
        if line[..at]
            .chars()
            .last()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
        {
            continue;
        }
        let rest = &line[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = group.split('}').next().unwrap_or("");
            named.extend(
                group
                    .split(',')
                    .map(|item| ident_at(item.trim()))
                    .filter(|name| !name.is_empty() && name != "self"),
            );
        } else {
            named.push(ident_at(rest));
        }
    }
    // `super::` from a module `depth` deep reaches the crate root after `depth` steps.
    let climbs = "super::".repeat(path.len());
    for (at, _) in line.match_indices(&climbs) {
        let rest = &line[at + climbs.len()..];
        if !rest.starts_with("super::") {
            named.push(ident_at(rest));
        }
    }
    named
}

struct Import {
    file: String,
    line: usize,
    from: String,
    to: String,
}

fn imports() -> Vec<Import> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut imports = Vec::new();
    for file in sources(&src) {
        let relative = file.strip_prefix(&src).expect("below src/");
        let path = module_path(relative);
        let top = path[0].clone();
        if matches!(top.as_str(), "main" | "allocator" | "lib") {
            continue; // the binary's own modules and the crate root
        }
        let text = std::fs::read_to_string(&file).expect("read a source file");
        for (number, line) in text.lines().enumerate() {
            for to in named_modules(code(line), &path) {
                imports.push(Import {
                    file: relative.display().to_string(),
                    line: number + 1,
                    from: top.clone(),
                    to,
                });
            }
        }
    }
    imports
}

#[test]
fn every_top_level_module_has_a_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).expect("read src/lib.rs");
    let declared: BTreeSet<&str> = lib
        .lines()
        .filter_map(|line| line.trim().strip_prefix("pub mod "))
        .map(|rest| rest.trim_end_matches(';'))
        .collect();
    assert!(declared.contains("analysis") && declared.contains("server"));
    for module in &declared {
        assert!(
            layer_of(module).is_some(),
            "src/lib.rs declares `{module}`, which has no layer in tests/architecture.rs"
        );
    }
}

#[test]
fn imports_point_down_only() {
    let imports = imports();
    assert!(
        imports
            .iter()
            .any(|i| i.from == "rules" && i.to == "analysis"),
        "the scan finds imports at all"
    );
    let upward: Vec<String> = imports
        .iter()
        .filter(|i| i.from != i.to)
        .filter_map(|i| {
            let (from, to) = (layer_of(&i.from)?, layer_of(&i.to)?);
            (to >= from)
                .then(|| format!("src/{}:{}: `{}` imports `{}`", i.file, i.line, i.from, i.to))
        })
        .collect();
    assert!(
        upward.is_empty(),
        "imports that point up or sideways:\n{}",
        upward.join("\n")
    );
}

#[test]
fn the_analysis_core_stays_pure() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut broken = Vec::new();
    for file in sources(&src.join("analysis")) {
        let text = std::fs::read_to_string(&file).expect("read a source file");
        for (number, line) in text.lines().enumerate() {
            let line = code(line);
            for name in NOT_IN_ANALYSIS {
                if line.contains(name) {
                    broken.push(format!("{}:{}: names `{name}`", file.display(), number + 1));
                }
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn the_scan_reads_the_forms_imports_take() {
    let path = vec![
        "analysis".to_string(),
        "entities".to_string(),
        "variants".to_string(),
    ];
    assert_eq!(named_modules("use crate::rules::Rule;", &path), ["rules"]);
    assert_eq!(
        named_modules("use crate::{config::Config, text, self};", &path),
        ["config", "text"]
    );
    assert_eq!(
        named_modules("super::super::memo::Key", &path),
        Vec::<String>::new()
    );
    assert_eq!(
        named_modules("super::super::super::server::x()", &path),
        ["server"]
    );
    assert_eq!(
        named_modules("let x = subcrate::y;", &path),
        Vec::<String>::new()
    );
    assert_eq!(code("    // crate::server in a comment"), "");
}
