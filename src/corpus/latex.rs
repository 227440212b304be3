//! What the `biblatex` crate's decoding leaves of LaTeX in a field's text, made plain:
//! font and box commands (`\emph{big}`, `{\em big}` → big), text symbols (`\ldots` → …),
//! ties and control spaces, and inline math (`$\ell_1$` → ℓ1, `$O(n \log n)$` →
//! O(n log n), `$\mathcal{O}(n^2)$` → O(n^2)). [`tex`] reads a raw TeX string (arXiv's
//! metadata) the same way, with its braces and accents. A command it does not know is
//! kept as written, so nothing a reader might need disappears.

use unicode_normalization::UnicodeNormalization;

/// How the characters of a span are read.
#[derive(Clone, Copy)]
struct Mode {
    /// Math: braces group, `_` lowers (`\ell_{1}` reads ℓ1).
    math: bool,
    /// A `$` opens math when a closing one follows (else a `$` is a decoded `\$`).
    dollars: bool,
    /// Braces only group (raw TeX), rather than being decoded text.
    braces_group: bool,
    /// Raw TeX text: `--` and `---` are dashes and ``` `` ``` and `''` quotes, and a `~`
    /// stays (arXiv's authors write `z~2` for "about 2" as often as a tie).
    raw: bool,
}

const DECODED: Mode = Mode {
    math: false,
    dollars: false,
    braces_group: false,
    raw: false,
};
const MATH: Mode = Mode {
    math: true,
    dollars: false,
    braces_group: true,
    raw: false,
};
const RAW: Mode = Mode {
    math: false,
    dollars: true,
    braces_group: true,
    raw: true,
};

/// A text chunk (outside `$…$`), already decoded by `biblatex` (accents, escapes).
pub fn text(s: &str) -> String {
    rendered(s, DECODED)
}

/// A math chunk (the raw text between `$` signs); spaces at its ends are TeX's
/// (`$$\alpha $$-gapped` reads α-gapped).
pub fn math(s: &str) -> String {
    rendered(s, MATH).trim().to_string()
}

/// A raw TeX string, as arXiv's metadata writes titles and abstracts: math between `$`
/// (or `$$`, `\(`…`\)`) signs, braces that only group, accents (`\"o` → ö), and what
/// [`text`] reads. A `$` that no other closes is a dollar.
pub fn tex(s: &str) -> String {
    if !s.contains(['\\', '$', '{', '}', '~']) {
        return s.to_string();
    }
    rendered(s, RAW).nfc().collect()
}

fn rendered(s: &str, mode: Mode) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    render(&chars, mode, &mut out);
    out
}

fn render(chars: &[char], mode: Mode, out: &mut String) {
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' if mode.dollars && chars.get(i + 1) == Some(&'(') => {
                i = math_span(chars, i + 2, &['\\', ')'], out).unwrap_or_else(|| {
                    out.push_str("\\(");
                    i + 2
                });
            }
            '\\' => i = command(chars, i + 1, mode, out),
            '$' if mode.dollars && !mode.math => {
                let close: &[char] = if chars.get(i + 1) == Some(&'$') {
                    &['$', '$']
                } else {
                    &['$']
                };
                i = math_span(chars, i + close.len(), close, out).unwrap_or_else(|| {
                    out.push('$');
                    i + 1
                });
            }
            '-' | '`' | '\'' if mode.raw => {
                let (ligature, len) = match &chars[i..] {
                    ['-', '-', '-', ..] => ("—", 3),
                    ['-', '-', ..] => ("–", 2),
                    ['`', '`', ..] => ("“", 2),
                    ['\'', '\'', ..] => ("”", 2),
                    [c, ..] => {
                        out.push(*c);
                        i += 1;
                        continue;
                    }
                    [] => break,
                };
                out.push_str(ligature);
                i += len;
            }
            // A tie is a space that does not break.
            '~' if !mode.raw => {
                out.push(' ');
                i += 1;
            }
            '{' | '}' if mode.braces_group => i += 1,
            '_' if mode.math => i += 1,
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
}

/// Math from `start` to the unescaped `close`, rendered into `out`; where the text
/// after it starts, or `None` when nothing closes it.
fn math_span(chars: &[char], start: usize, close: &[char], out: &mut String) -> Option<usize> {
    let mut j = start;
    while j < chars.len() {
        if chars[j..].starts_with(close) {
            let mut inner = String::new();
            render(&chars[start..j], MATH, &mut inner);
            out.push_str(inner.trim());
            return Some(j + close.len());
        }
        // An escaped character (`\$`, `\\`) closes nothing.
        j += if chars[j] == '\\' { 2 } else { 1 };
    }
    None
}

/// Renders the command whose name starts at `i` (just after its backslash) and
/// returns where the text after it starts.
fn command(chars: &[char], i: usize, mode: Mode, out: &mut String) -> usize {
    let Some(&first) = chars.get(i) else {
        out.push('\\');
        return i;
    };
    if !first.is_ascii_alphabetic() {
        if let Some(mark) = accent_mark(first) {
            return accented(chars, i + 1, mark, mode, out);
        }
        match first {
            ' ' | '\t' | '\n' | ',' | ';' | ':' | '\\' => out.push(' '),
            '!' | '/' | '-' => {}
            '{' | '}' | '$' | '&' | '%' | '#' | '_' => out.push(first),
            c => {
                out.push('\\');
                out.push(c);
            }
        }
        return i + 1;
    }
    let end = i + chars[i..]
        .iter()
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    let name: String = chars[i..end].iter().collect();
    let after_spaces = skip_spaces(chars, end);
    if SWITCHES.contains(&name.as_str()) {
        return after_spaces;
    }
    if let Some(mark) = letter_accent_mark(&name) {
        return accented(chars, after_spaces, mark, mode, out);
    }
    if let Some(keep) = argument_kind(&name) {
        let Some((inner, next)) = group(chars, after_spaces) else {
            return after_spaces;
        };
        // Inside a command's argument `biblatex` writes math back between `$` signs.
        let as_text = Mode {
            math: false,
            dollars: true,
            ..mode
        };
        let as_math = MATH;
        let here = if mode.math { as_math } else { as_text };
        match keep {
            Argument::Text => render(inner, as_text, out),
            Argument::Math => render(inner, as_math, out),
            Argument::Root => {
                out.push('√');
                render(inner, here, out);
            }
            Argument::Fraction => {
                render(inner, here, out);
                out.push('/');
                if let Some((denominator, after)) = group(chars, skip_spaces(chars, next)) {
                    render(denominator, here, out);
                    return after;
                }
            }
            Argument::Second => {
                if let Some((shown, after)) = group(chars, skip_spaces(chars, next)) {
                    render(shown, here, out);
                    return after;
                }
            }
            Argument::Drop => {}
        }
        return next;
    }
    if let Some(symbol) = symbol(&name) {
        out.push_str(symbol);
        // `\ldots{}`: the empty group only ends the command's name.
        if chars.get(end) == Some(&'{') && chars.get(end + 1) == Some(&'}') {
            return end + 2;
        }
        return end;
    }
    match name.as_str() {
        // Dotless i and j, as accents' bases write them (`\"{\i}`).
        "i" => out.push('i'),
        "j" => out.push('j'),
        _ => {
            out.push('\\');
            out.push_str(&name);
        }
    }
    end
}

/// The combining mark of a one-character accent command (`\"o`, `\'e`, `` \`a ``).
fn accent_mark(c: char) -> Option<char> {
    Some(match c {
        '"' => '\u{308}',
        '\'' => '\u{301}',
        '`' => '\u{300}',
        '^' => '\u{302}',
        '~' => '\u{303}',
        '=' => '\u{304}',
        '.' => '\u{307}',
        _ => return None,
    })
}

/// The combining mark of a lettered accent command (`\v{s}`, `\c c`).
fn letter_accent_mark(name: &str) -> Option<char> {
    Some(match name {
        "u" => '\u{306}',
        "v" => '\u{30C}',
        "H" => '\u{30B}',
        "r" => '\u{30A}',
        "c" => '\u{327}',
        "k" => '\u{328}',
        "d" => '\u{323}',
        "b" => '\u{331}',
        _ => return None,
    })
}

/// The accent's base at `i` (`{o}`, `o`, `{\i}`) with its mark after it (composed later
/// by NFC); where the text after it starts.
fn accented(chars: &[char], i: usize, mark: char, mode: Mode, out: &mut String) -> usize {
    let (base, next) = match group(chars, i) {
        Some((inner, next)) if chars[i] == '{' => {
            let mut base = String::new();
            render(inner, mode, &mut base);
            (base, next)
        }
        _ if chars.get(i) == Some(&'\\') => {
            let mut base = String::new();
            let next = command(chars, i + 1, mode, &mut base);
            (base, next)
        }
        Some((one, next)) => (one.iter().collect(), next),
        None => (String::new(), i),
    };
    let mut letters = base.chars();
    match letters.next() {
        Some(first) => {
            out.push(first);
            out.push(mark);
            out.extend(letters);
        }
        None => out.push(mark),
    }
    next
}

fn skip_spaces(chars: &[char], mut i: usize) -> usize {
    while chars.get(i).is_some_and(|c| c.is_whitespace()) {
        i += 1;
    }
    i
}

/// A command's argument at `i` — the inside of a brace group, or else one character as
/// TeX takes it (`\frac12`) — and where the text after it starts; `None` when there is
/// none or its group never closes.
fn group(chars: &[char], i: usize) -> Option<(&[char], usize)> {
    match chars.get(i) {
        Some('{') => {}
        Some(c) if !c.is_whitespace() && !matches!(c, '}' | '\\' | '$') => {
            return Some((&chars[i..i + 1], i + 1));
        }
        _ => return None,
    }
    let mut depth = 0usize;
    for (j, &c) in chars.iter().enumerate().skip(i) {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some((&chars[i + 1..j], j + 1));
                }
            }
            _ => {}
        }
    }
    None
}

/// Font, size and spacing switches, and delimiters' sizes: no text of their own.
const SWITCHES: &[&str] = &[
    "em",
    "it",
    "bf",
    "sc",
    "tt",
    "rm",
    "sf",
    "sl",
    "up",
    "md",
    "normalfont",
    "itshape",
    "bfseries",
    "scshape",
    "ttfamily",
    "rmfamily",
    "sffamily",
    "upshape",
    "mdseries",
    "slshape",
    "tiny",
    "scriptsize",
    "footnotesize",
    "small",
    "normalsize",
    "large",
    "Large",
    "LARGE",
    "huge",
    "Huge",
    "relax",
    "protect",
    "noindent",
    "xspace",
    "nobreak",
    "allowbreak",
    "newblock",
    "displaystyle",
    "textstyle",
    "scriptstyle",
    "left",
    "right",
    "big",
    "Big",
    "bigg",
    "Bigg",
    "bigl",
    "bigr",
    "Bigl",
    "Bigr",
    "biggl",
    "biggr",
    "boldmath",
    "unboldmath",
    "limits",
    "nolimits",
    "cal",
];

/// What a command with an argument makes of it.
#[derive(Clone, Copy)]
enum Argument {
    /// The argument as text (`\emph{…}`, `\mbox{…}`, `\text{…}`).
    Text,
    /// The argument as math (`\mathcal{O}`, `\ensuremath{…}`).
    Math,
    /// `\sqrt{n}` → √n.
    Root,
    /// `\frac{a}{b}` → a/b.
    Fraction,
    /// Two arguments, the second shown (`\href{url}{text}`, `\textcolor{red}{text}`).
    Second,
    /// Nothing shown (`\unicode{x1F98E}`, `\vspace{…}`, `\label{…}`).
    Drop,
}

fn argument_kind(name: &str) -> Option<Argument> {
    Some(match name {
        "emph" | "textit" | "textbf" | "textsc" | "texttt" | "textrm" | "textsf" | "textsl"
        | "textup" | "textmd" | "textnormal" | "mbox" | "hbox" | "makebox" | "text"
        | "textsuperscript" | "textsubscript" | "url" | "uppercase" | "lowercase"
        | "MakeUppercase" | "MakeLowercase" | "MakeTextUppercase" | "MakeTextLowercase"
        | "NoCaseChange" | "nocase" | "underline" | "uline" | "enquote" | "mkbibquote"
        | "mkbibemph" | "mkbibbold" | "acrshort" | "acrlong" => Argument::Text,
        "ensuremath" | "mathrm" | "mathbf" | "mathit" | "mathsf" | "mathtt" | "mathcal"
        | "mathbb" | "mathfrak" | "mathscr" | "mathnormal" | "boldsymbol" | "bm"
        | "operatorname" | "overline" | "widetilde" | "widehat" | "tilde" | "hat" | "bar"
        | "vec" | "dot" | "ddot" | "Bbb" | "mathbbm" => Argument::Math,
        "sqrt" => Argument::Root,
        "frac" | "dfrac" | "tfrac" => Argument::Fraction,
        "href" | "textcolor" | "colorbox" | "texorpdfstring" => Argument::Second,
        "unicode" | "vspace" | "hspace" | "label" | "cite" | "citep" | "citet" | "footnote"
        | "thanks" | "noopsort" | "noop" | "SortNoop" => Argument::Drop,
        _ => return None,
    })
}

/// Symbols by name: Greek letters (also as `\textalpha`), operators and relations,
/// arrows, dots, and the names of math functions (`\log` → log).
fn symbol(name: &str) -> Option<&'static str> {
    let name = name
        .strip_prefix("text")
        .filter(|rest| greek(rest).is_some())
        .unwrap_or(name);
    if let Some(letter) = greek(name) {
        return Some(letter);
    }
    Some(match name {
        "times" | "texttimes" => "×",
        "cdot" => "·",
        "pm" => "±",
        "mp" => "∓",
        "div" => "÷",
        "leq" | "le" | "leqslant" => "≤",
        "geq" | "ge" | "geqslant" => "≥",
        "neq" | "ne" => "≠",
        "approx" => "≈",
        "sim" => "~",
        "simeq" => "≃",
        "cong" => "≅",
        "equiv" => "≡",
        "propto" => "∝",
        "lesssim" => "≲",
        "gtrsim" => "≳",
        "ll" => "≪",
        "gg" => "≫",
        "infty" => "∞",
        "partial" => "∂",
        "nabla" => "∇",
        "in" => "∈",
        "notin" => "∉",
        "ni" => "∋",
        "subset" => "⊂",
        "subseteq" => "⊆",
        "supset" => "⊃",
        "supseteq" => "⊇",
        "cup" => "∪",
        "cap" => "∩",
        "setminus" => "∖",
        "emptyset" | "varnothing" => "∅",
        "forall" => "∀",
        "exists" => "∃",
        "neg" | "lnot" => "¬",
        "wedge" | "land" => "∧",
        "vee" | "lor" => "∨",
        "to" | "rightarrow" => "→",
        "leftarrow" | "gets" => "←",
        "leftrightarrow" => "↔",
        "Rightarrow" | "implies" => "⇒",
        "Leftarrow" => "⇐",
        "Leftrightarrow" | "iff" => "⇔",
        "mapsto" => "↦",
        "uparrow" => "↑",
        "downarrow" => "↓",
        "ell" => "ℓ",
        "hbar" => "ℏ",
        "Re" => "ℜ",
        "Im" => "ℑ",
        "aleph" => "ℵ",
        "circ" => "∘",
        "bullet" => "•",
        "star" => "⋆",
        "ast" => "∗",
        "odot" => "⊙",
        "otimes" => "⊗",
        "oplus" => "⊕",
        "ominus" => "⊖",
        "sum" => "∑",
        "prod" => "∏",
        "int" => "∫",
        "oint" => "∮",
        "langle" => "⟨",
        "rangle" => "⟩",
        "lceil" => "⌈",
        "rceil" => "⌉",
        "lfloor" => "⌊",
        "rfloor" => "⌋",
        "mid" | "vert" | "lvert" | "rvert" => "|",
        "Vert" | "lVert" | "rVert" | "parallel" => "‖",
        "perp" | "bot" => "⊥",
        "top" => "⊤",
        "angle" => "∠",
        "prime" => "′",
        "dagger" => "†",
        "ddagger" => "‡",
        "ldots" | "dots" | "cdots" | "dotsc" | "dotsb" => "…",
        "textdegree" | "degree" => "°",
        "texteuro" | "euro" => "€",
        "textcopyright" => "©",
        "textasciitilde" => "~",
        "textregistered" => "®",
        "texttrademark" => "™",
        "textperthousand" => "‰",
        "textpertenthousand" => "‱",
        "textsection" => "§",
        "textbullet" => "•",
        "textendash" => "–",
        "textemdash" => "—",
        "textquoteleft" => "‘",
        "textquoteright" => "’",
        "textquotedblleft" => "“",
        "textquotedblright" => "”",
        "oslash" => "⊘",
        "nrightarrow" => "↛",
        "quad" | "qquad" | "enspace" | "thinspace" | "space" => " ",
        "log" => "log",
        "ln" => "ln",
        "exp" => "exp",
        "sin" => "sin",
        "cos" => "cos",
        "tan" => "tan",
        "tanh" => "tanh",
        "max" => "max",
        "min" => "min",
        "arg" => "arg",
        "argmax" => "argmax",
        "argmin" => "argmin",
        "lim" => "lim",
        "sup" => "sup",
        "inf" => "inf",
        "det" => "det",
        "dim" => "dim",
        "ker" => "ker",
        "Pr" => "Pr",
        "deg" => "deg",
        "gcd" => "gcd",
        "mod" | "bmod" => "mod",
        _ => return None,
    })
}

fn greek(name: &str) -> Option<&'static str> {
    Some(match name {
        "alpha" => "α",
        "beta" => "β",
        "gamma" => "γ",
        "delta" => "δ",
        "epsilon" | "varepsilon" => "ε",
        "zeta" => "ζ",
        "eta" => "η",
        "theta" => "θ",
        "vartheta" => "ϑ",
        "iota" => "ι",
        "kappa" => "κ",
        "lambda" => "λ",
        "mu" => "μ",
        "nu" => "ν",
        "xi" => "ξ",
        "pi" => "π",
        "varpi" => "ϖ",
        "rho" => "ρ",
        "varrho" => "ϱ",
        "sigma" => "σ",
        "varsigma" => "ς",
        "tau" => "τ",
        "upsilon" => "υ",
        "phi" | "varphi" => "φ",
        "chi" => "χ",
        "psi" => "ψ",
        "omega" => "ω",
        "Gamma" => "Γ",
        "Delta" => "Δ",
        "Theta" => "Θ",
        "Lambda" => "Λ",
        "Xi" => "Ξ",
        "Pi" => "Π",
        "Sigma" => "Σ",
        "Upsilon" => "Υ",
        "Phi" => "Φ",
        "Psi" => "Ψ",
        "Omega" => "Ω",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn font_and_box_commands_leave_their_text() {
        assert_eq!(text(r"A \em big model"), "A big model");
        assert_eq!(text(r"\bf Bold \sc caps \tt mono"), "Bold caps mono");
        assert_eq!(
            text(r"An \emph{emphasised} and \textit{italic} and \textbf{\textsc{Caps}} word"),
            "An emphasised and italic and Caps word"
        );
        assert_eq!(text(r"H\textsubscript{2}O and \mbox{box}"), "H2O and box");
        assert_eq!(text(r"\href{https://x.org}{the site}"), "the site");
        assert_eq!(text(r"\noopsort{a}Zebra"), "Zebra");
    }

    #[test]
    fn ties_spaces_and_symbols() {
        assert_eq!(text("Edward~J. Hu"), "Edward J. Hu");
        assert_eq!(
            text(r"TeX\ done, a\-b, \ldots{} and \ldots and\dots"),
            "TeX done, ab, … and … and…"
        );
        assert_eq!(text(r"an \textalpha-particle"), "an α-particle");
        // What biblatex decoded already stays: a literal dollar is not math.
        assert_eq!(
            text("The $1 billion question {sic}"),
            "The $1 billion question {sic}"
        );
    }

    #[test]
    fn inline_math_reads_as_text() {
        for (input, plain) in [
            (r"\alpha", "α"),
            (r"\ell_1", "ℓ1"),
            (r"\ell_{2,1}", "ℓ2,1"),
            (r"O(n \log n)", "O(n log n)"),
            (r"\mathcal{O}(n^2)", "O(n^2)"),
            (r"\sim", "~"),
            (r"\textit{Agents Under Siege}", "Agents Under Siege"),
            (r"\sqrt{n} \times \frac{1}{2}", "√n × 1/2"),
            (r"\{0,1\}^n", "{0,1}^n"),
            (r"\left( x \right)", "( x )"),
            (r"2\frac12", "21/2"),
            (r"\alpha ", "α"),
            (r"\cal NP_\Bbb C", "NPC"),
        ] {
            assert_eq!(math(input), plain, "{input}");
        }
    }

    #[test]
    fn raw_tex_as_arxiv_writes_it() {
        assert_eq!(
            tex(r"$\textit{Agents Under Siege}$: Breaking Prompt Attacks"),
            "Agents Under Siege: Breaking Prompt Attacks"
        );
        assert_eq!(
            tex(r"X$^{2}$-Gaussian and A$^\text{T}$A"),
            "X^2-Gaussian and A^TA"
        );
        assert_eq!(
            tex(r"Di$\mathtt{[M]}$O and {GSR4B}: maps"),
            "Di[M]O and GSR4B: maps"
        );
        assert_eq!(
            tex(r#"Schr\"odinger, G\"{o}del, \c{c}a, na\"{\i}ve, \v Skoda"#),
            "Schrödinger, Gödel, ça, naïve, Škoda"
        );
        assert_eq!(tex(r"Costs \$5 and $O(n)$"), "Costs $5 and O(n)");
        assert_eq!(tex("A $100K wage"), "A $100K wage");
        assert_eq!(tex(r"\(x^2\) and $$\alpha $$-gapped"), "x^2 and α-gapped");
        assert_eq!(tex("plain words, 한국어"), "plain words, 한국어");
        assert_eq!(
            tex(r"Sunyaev--Zel'dovich clusters at z~2 --- ``hot'' \texorpdfstring{$x_{HI}$}{xHI}"),
            "Sunyaev–Zel'dovich clusters at z~2 — “hot” xHI"
        );
    }

    #[test]
    fn what_it_does_not_know_is_kept() {
        assert_eq!(text(r"\foo{bar} baz"), r"\foo{bar} baz");
        assert_eq!(math(r"\weird x"), r"\weird x");
        assert_eq!(text(r"\emph"), "");
        assert_eq!(text(r"\emph{unclosed"), "{unclosed");
        assert_eq!(text(r"\emph }"), "}");
        assert_eq!(text("trailing \\"), "trailing \\");
        assert_eq!(text("한국어 \\emph{제목}"), "한국어 제목");
    }

    #[test]
    fn any_string_renders_without_a_panic_and_keeps_its_plain_words() {
        let pieces = [
            "\\", "{", "}", "$", "~", "_", "^", "em", "emph", "frac", "alpha", "text", " ", "é",
            "한", "x", "1", "<", ">", "/",
        ];
        let mut rng = crate::rng::Rng::new(7);
        for _ in 0..20_000 {
            let len = (rng.next_u64() % 12) as usize;
            let s: String = (0..len)
                .map(|_| pieces[(rng.next_u64() % pieces.len() as u64) as usize])
                .collect();
            let (t, m, r) = (text(&s), math(&s), tex(&s));
            // Characters that cannot be part of a command's name are never lost.
            for c in ['é', '한', '1'] {
                let count = |v: &str| v.chars().filter(|&d| d == c).count();
                assert!(count(&t) >= count(&s), "{s:?} → {t:?}");
                assert!(count(&m) >= count(&s), "{s:?} → {m:?}");
                assert!(count(&r) >= count(&s), "{s:?} → {r:?}");
            }
        }
    }
}
