//! A model's cosines on the default model's scale. The hybrid's weights (lexical 1.5,
//! names 0.5, hubness 0.3, BM25 0.25) and every threshold on a cosine were fitted to
//! all-MiniLM-L6-v2, whose cosines of unrelated passages spread widely (mean 0.17, sd
//! 0.13); multilingual-e5-small's lie in a narrow band (mean 0.84, sd 0.019), so the
//! dense channel weighed six to seven times less beside the others. Each model's spread
//! is pinned in the registry, measured on text of no dev set (docs/korean.md).

use crate::model::registry::{self, CosineSpread};

/// An affine map of one model's cosines onto the default model's spread (identity for
/// the default model and for models with no pinned spread).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DenseScale {
    map: Option<(f32, f32, f32)>,
}

impl DenseScale {
    /// Cosines used as they are.
    pub const IDENTITY: DenseScale = DenseScale { map: None };

    /// The map from `from`'s spread onto `to`'s: `to.mean + (x − from.mean) · to.sd / from.sd`.
    pub fn between(from: CosineSpread, to: CosineSpread) -> DenseScale {
        if from == to || from.sd <= 0.0 || to.sd <= 0.0 {
            return DenseScale::IDENTITY;
        }
        DenseScale {
            map: Some((from.mean, to.sd / from.sd, to.mean)),
        }
    }

    /// The scale of an index embedded by `model` (an id or short name of the registry).
    pub fn for_model(model: &str) -> DenseScale {
        let spread = |id: &str| registry::lookup(id).ok().flatten().and_then(|m| m.cosine);
        match (spread(model), spread(&registry::default_model())) {
            (Some(from), Some(to)) => DenseScale::between(from, to),
            _ => DenseScale::IDENTITY,
        }
    }

    /// `x` on the default model's scale (bit-identical for the identity).
    pub fn apply(self, x: f32) -> f32 {
        match self.map {
            None => x,
            Some((from_mean, factor, to_mean)) => to_mean + (x - from_mean) * factor,
        }
    }

    /// Whether cosines are used as they are.
    pub fn is_identity(self) -> bool {
        self.map.is_none()
    }
}

impl Default for DenseScale {
    fn default() -> Self {
        DenseScale::IDENTITY
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_model_is_untouched_and_e5_is_spread_to_its_scale() {
        let default = DenseScale::for_model(&registry::default_model());
        assert!(default.is_identity());
        assert_eq!(default.apply(0.4321).to_bits(), 0.4321f32.to_bits());
        assert!(DenseScale::for_model("an/unknown-model").is_identity());

        let e5 = DenseScale::for_model("multilingual-e5-small");
        assert!(!e5.is_identity());
        let spread = |id: &str| registry::lookup(id).unwrap().unwrap().cosine.unwrap();
        let (from, to) = (
            spread("multilingual-e5-small"),
            spread(&registry::default_model()),
        );
        // e5's typical cosine lands on MiniLM's typical cosine, one sd on one sd.
        assert!((e5.apply(from.mean) - to.mean).abs() < 1e-5);
        assert!((e5.apply(from.mean + from.sd) - (to.mean + to.sd)).abs() < 1e-4);
        // Order is kept: a ranking by the dense cosine alone does not change.
        assert!(e5.apply(0.90) > e5.apply(0.85));
    }
}
