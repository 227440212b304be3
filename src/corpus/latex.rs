//! What the `biblatex` crate's decoding leaves of LaTeX in a field's text, made plain:
//! font and box commands (`\emph{big}`, `{\em big}` → big), text symbols (`\ldots` → …),
//! ties and control spaces, and inline math (`$\ell_1$` → ℓ1, `$O(n \log n)$` →
//! O(n log n), `$\mathcal{O}(n^2)$` → O(n^2)). A command it does not know is kept as
//! written, so nothing a reader might need disappears.

/// A text chunk (outside `$…$`), already decoded by `biblatex` (accents, escapes).
pub fn text(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    render(&chars, false, &mut out);
    out
}

/// A math chunk (the raw text between `$` signs); spaces at its ends are TeX's
/// (`$$\alpha $$-gapped` reads α-gapped).
pub fn math(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    render(&chars, true, &mut out);
    out.trim().to_string()
}

fn render(chars: &[char], math: bool, out: &mut String) {
    render_in(chars, math, false, out);
}

/// `nested`: inside a command's argument, where `biblatex` writes math back between
/// `$` signs (at the top of a chunk a `$` is a decoded `\$`, since math is a chunk
/// of its own).
fn render_in(chars: &[char], math: bool, nested: bool, out: &mut String) {
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '$' if nested && !math => match chars[i + 1..].iter().position(|&c| c == '$') {
                Some(len) => {
                    render(&chars[i + 1..i + 1 + len], true, out);
                    i += len + 2;
                }
                None => {
                    out.push('$');
                    i += 1;
                }
            },
            '\\' => i = command(chars, i + 1, math, out),
            // A tie is a space that does not break.
            '~' => {
                out.push(' ');
                i += 1;
            }
            // In math, braces group and `_` lowers: `\ell_{1}` reads ℓ1.
            '{' | '}' | '_' if math => i += 1,
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
}

/// Renders the command whose name starts at `i` (just after its backslash) and
/// returns where the text after it starts.
fn command(chars: &[char], i: usize, math: bool, out: &mut String) -> usize {
    let Some(&first) = chars.get(i) else {
        out.push('\\');
        return i;
    };
    if !first.is_ascii_alphabetic() {
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
    if let Some(keep) = argument_kind(&name) {
        let Some((inner, next)) = group(chars, after_spaces) else {
            return after_spaces;
        };
        match keep {
            Argument::Text => render_in(inner, false, true, out),
            Argument::Math => render(inner, true, out),
            Argument::Root => {
                out.push('√');
                render(inner, math, out);
            }
            Argument::Fraction => {
                render(inner, math, out);
                out.push('/');
                if let Some((denominator, after)) = group(chars, skip_spaces(chars, next)) {
                    render(denominator, math, out);
                    return after;
                }
            }
            Argument::Second => {
                if let Some((shown, after)) = group(chars, skip_spaces(chars, next)) {
                    render(shown, math, out);
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
    out.push('\\');
    out.push_str(&name);
    end
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
        "href" | "textcolor" | "colorbox" => Argument::Second,
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
        assert_eq!(math(r"\alpha"), "α");
        assert_eq!(math(r"\ell_1"), "ℓ1");
        assert_eq!(math(r"\ell_{2,1}"), "ℓ2,1");
        assert_eq!(math(r"O(n \log n)"), "O(n log n)");
        assert_eq!(math(r"\mathcal{O}(n^2)"), "O(n^2)");
        assert_eq!(math(r"\sim"), "~");
        assert_eq!(math(r"\textit{Agents Under Siege}"), "Agents Under Siege");
        assert_eq!(math(r"\sqrt{n} \times \frac{1}{2}"), "√n × 1/2");
        assert_eq!(math(r"\{0,1\}^n"), "{0,1}^n");
        assert_eq!(math(r"\left( x \right)"), "( x )");
        assert_eq!(math(r"2\frac12"), "21/2");
        assert_eq!(math(r"\alpha "), "α");
        assert_eq!(math(r"\cal NP_\Bbb C"), "NPC");
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
            let (t, m) = (text(&s), math(&s));
            // Characters that cannot be part of a command's name are never lost.
            for c in ['é', '한', '1'] {
                let count = |v: &str| v.chars().filter(|&d| d == c).count();
                assert!(count(&t) >= count(&s), "{s:?} → {t:?}");
                assert!(count(&m) >= count(&s), "{s:?} → {m:?}");
            }
        }
    }
}
