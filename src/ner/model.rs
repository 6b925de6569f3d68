//! The rust-bert side of the transformer stage (cargo feature `transformer`): loading a model,
//! running sentences through it, and turning its words into mentions. See the parent module for
//! the policy.

use super::{char_to_byte, entities_from_words, LabelledWord};
use crate::document::{Doc, Mention, MentionAttrs, MentionType, Span};
use crate::Annotator;
use rust_bert::pipelines::common::{ModelResource, ModelType};
use rust_bert::pipelines::token_classification::{
    LabelAggregationOption, TokenClassificationConfig, TokenClassificationModel,
};
use rust_bert::resources::{LocalResource, RemoteResource, ResourceProvider};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Where the model runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Device {
    Cpu,
    Cuda,
    /// CUDA when libtorch sees a GPU, else the CPU.
    Auto,
}

/// How to load and run a model.
#[derive(Clone, Debug)]
pub struct TransformerOptions {
    /// A local Hugging Face directory, or `hf:ORG/NAME` to download (and cache) one.
    pub model: String,
    pub device: Device,
    /// Sentences per forward pass.
    pub batch_size: usize,
    /// libtorch's intra-op threads (0: leave libtorch's default).
    pub threads: usize,
}

/// A token-classification model as an annotator.
pub struct TransformerAnnotator {
    model: Mutex<TokenClassificationModel>,
    /// Windows per forward pass.
    batch_size: usize,
    /// Word pieces the model sees at once (its position embeddings), for the long-sentence note.
    window: usize,
    name: String,
}

type Resource = Box<dyn ResourceProvider + Send>;

/// The files of a model: config, vocabulary (and merges for RoBERTa), weights.
fn resources(model: &str) -> Result<(Resource, Resource, Option<Resource>, Resource, PathBuf), String> {
    if let Some(name) = model.strip_prefix("hf:") {
        let url = |file: &str| format!("https://huggingface.co/{name}/resolve/main/{file}");
        let cache = name.replace('/', "-");
        let remote = |file: &str| -> Resource { Box::new(RemoteResource::new(&url(file), &cache)) };
        let config = RemoteResource::new(&url("config.json"), &cache);
        let config_path = config.get_local_path().map_err(|e| format!("cannot download {name}'s config.json: {e}"))?;
        let roberta = model_type(&config_path)? == ModelType::Roberta;
        let (vocab, merges) =
            if roberta { (remote("vocab.json"), Some(remote("merges.txt"))) } else { (remote("vocab.txt"), None) };
        return Ok((Box::new(config), vocab, merges, remote("model.safetensors"), config_path));
    }
    let dir = Path::new(model);
    let need = |file: &str| -> Result<PathBuf, String> {
        let p = dir.join(file);
        if p.is_file() {
            Ok(p)
        } else {
            Err(format!("{} has no {file}: a Hugging Face token-classification folder needs config.json, vocab.txt (or vocab.json and merges.txt) and model.safetensors (or rust_model.ot); see models/README.md", dir.display()))
        }
    };
    let local = |p: PathBuf| -> Resource { Box::new(LocalResource { local_path: p }) };
    let config_path = need("config.json")?;
    let weights = need("model.safetensors").or_else(|_| need("rust_model.ot"))?;
    let (vocab, merges) = if dir.join("vocab.txt").is_file() {
        (need("vocab.txt")?, None)
    } else {
        (need("vocab.json")?, Some(need("merges.txt")?))
    };
    Ok((local(config_path.clone()), local(vocab), merges.map(local), local(weights), config_path))
}

/// The model type a config.json names.
fn model_type(config: &Path) -> Result<ModelType, String> {
    let text = std::fs::read_to_string(config).map_err(|e| format!("{}: {e}", config.display()))?;
    let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", config.display()))?;
    match v["model_type"].as_str().unwrap_or_default() {
        "bert" => Ok(ModelType::Bert),
        "distilbert" => Ok(ModelType::DistilBert),
        "roberta" => Ok(ModelType::Roberta),
        other => Err(format!(
            "{}: model_type {other:?}; gleaner runs bert, distilbert and roberta token-classification models",
            config.display()
        )),
    }
}

impl TransformerAnnotator {
    /// Load a model. Errors say what is missing and what to do.
    pub fn load(options: &TransformerOptions) -> Result<TransformerAnnotator, String> {
        if options.threads > 0 {
            tch::set_num_threads(options.threads as i32);
        }
        let (config, vocab, merges, weights, config_path) = resources(&options.model)?;
        let model_type = model_type(&config_path)?;
        let settings: serde_json::Value =
            std::fs::read_to_string(&config_path).ok().and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default();
        let window = settings["max_position_embeddings"].as_u64().unwrap_or(512) as usize;
        // Cased models (most NER models) keep case; uncased ones say so in their config.
        let lower_case = settings["do_lower_case"].as_bool().unwrap_or(false);
        let device = match options.device {
            Device::Cpu => tch::Device::Cpu,
            Device::Cuda => {
                if !tch::Cuda::is_available() {
                    return Err("--device cuda: libtorch sees no CUDA device (use --device cpu or auto)".into());
                }
                tch::Device::Cuda(0)
            }
            Device::Auto => tch::Device::cuda_if_available(),
        };
        let config = TokenClassificationConfig {
            model_type,
            model_resource: ModelResource::Torch(weights),
            config_resource: config,
            vocab_resource: vocab,
            merges_resource: merges,
            lower_case,
            strip_accents: None,
            add_prefix_space: None,
            device,
            kind: None,
            label_aggregation_function: LabelAggregationOption::First,
            // gleaner batches windows itself and hands rust-bert one batch per call: rust-bert
            // 0.23 reads the wrong windows' offsets for every batch after its first.
            batch_size: usize::MAX,
        };
        let model = TokenClassificationModel::new(config)
            .map_err(|e| format!("cannot load the model {}: {e}", options.model))?;
        Ok(TransformerAnnotator {
            model: Mutex::new(model),
            batch_size: options.batch_size.max(1),
            window,
            name: options.model.clone(),
        })
    }

    /// Byte ranges of `text` that fit the model's window: the whole text, or windows of whole
    /// words that overlap by about a quarter of the window.
    fn windows(&self, model: &TokenClassificationModel, text: &str) -> Vec<(usize, usize)> {
        let tokenizer = model.get_tokenizer();
        let words: Vec<(usize, usize, usize)> = text
            .split_whitespace()
            .map(|w| {
                let start = w.as_ptr() as usize - text.as_ptr() as usize;
                (start, start + w.len(), tokenizer.tokenize(w).len().max(1))
            })
            .collect();
        let room = self.window.saturating_sub(2).max(4); // [CLS] and [SEP]
        if words.iter().map(|w| w.2).sum::<usize>() <= room {
            return vec![(0, text.len())];
        }
        let mut out = Vec::new();
        let mut first = 0;
        while first < words.len() {
            let (mut last, mut pieces) = (first, 0);
            while last < words.len() && (last == first || pieces + words[last].2 <= room) {
                pieces += words[last].2;
                last += 1;
            }
            out.push((words[first].0, words[last - 1].1));
            if last == words.len() {
                break;
            }
            // The next window starts a quarter of the window back from this one's end.
            let mut back = last;
            let mut overlap = 0;
            while back > first + 1 && overlap + words[back - 1].2 <= room / 4 {
                back -= 1;
                overlap += words[back].2;
            }
            first = back.max(first + 1);
        }
        out
    }

    /// Labelled words of each sentence (byte offsets into that sentence), and whether the
    /// sentence had to be split into windows.
    fn label(&self, sentences: &[&str]) -> (Vec<Vec<LabelledWord>>, Vec<bool>) {
        let model = self.model.lock().unwrap_or_else(|e| e.into_inner());
        // (sentence, window start, window end) for every window of every sentence.
        let mut windows: Vec<(usize, usize, usize)> = Vec::new();
        let mut split = vec![false; sentences.len()];
        for (k, text) in sentences.iter().enumerate() {
            let w = self.windows(&model, text);
            split[k] = w.len() > 1;
            windows.extend(w.into_iter().map(|(a, b)| (k, a, b)));
        }
        // Each word from the window where it is furthest from an edge (its best context).
        let mut best: Vec<rustc_hash::FxHashMap<usize, (usize, LabelledWord)>> =
            vec![Default::default(); sentences.len()];
        for batch in windows.chunks(self.batch_size) {
            let texts: Vec<&str> = batch.iter().map(|&(k, a, b)| &sentences[k][a..b]).collect();
            for (words, &(k, a, _)) in model.predict(&texts, true, false).into_iter().zip(batch) {
                let text = &sentences[k][a..];
                let map = char_to_byte(text);
                let n = words.len();
                for (i, t) in words.into_iter().enumerate() {
                    let Some(o) = t.offset else { continue };
                    let (Some(&b), Some(&e)) = (map.get(o.begin as usize), map.get(o.end as usize)) else { continue };
                    if b >= e {
                        continue;
                    }
                    let margin = i.min(n - 1 - i);
                    let word = LabelledWord { start: a + b, end: a + e, label: t.label, score: t.score };
                    let slot = best[k].entry(a + b).or_insert((margin, word.clone()));
                    if margin > slot.0 {
                        *slot = (margin, word);
                    }
                }
            }
        }
        let labelled = best
            .into_iter()
            .map(|m| {
                let mut words: Vec<LabelledWord> = m.into_values().map(|(_, w)| w).collect();
                words.sort_by_key(|w| w.start);
                words
            })
            .collect();
        (labelled, split)
    }
}

impl TransformerAnnotator {
    /// The model's mentions for each document, its sentences batched across all of them.
    fn run(&self, docs: &[&Doc], outs: &mut [&mut Vec<Mention>]) {
        // (document, sentence span) for every sentence of every document, in order.
        let sentences: Vec<(usize, Span)> = docs
            .iter()
            .enumerate()
            .flat_map(|(d, doc)| doc.sentences.iter().map(move |s| (d, Span::new(s.start, s.end))))
            .collect();
        let texts: Vec<&str> = sentences.iter().map(|&(d, s)| &docs[d].text()[s.start..s.end]).collect();
        let (labelled, split) = self.label(&texts);
        for (i, _) in split.iter().enumerate().filter(|(_, &s)| s) {
            let doc = docs[sentences[i].0];
            eprintln!(
                "gleaner: {}: sentence {} is longer than {}'s window ({} word pieces): labelled in overlapping windows",
                doc.document.id,
                doc.sentence_at(sentences[i].1.start),
                self.name,
                self.window
            );
        }
        for (k, words) in labelled.into_iter().enumerate() {
            let (d, sentence) = sentences[k];
            let doc = docs[d];
            for e in entities_from_words(&words) {
                let span = Span::new(sentence.start + e.start, sentence.start + e.end);
                let surface = doc.span_text(span).to_string();
                let attrs = match e.mention_type {
                    MentionType::Person => MentionAttrs::Person { name: surface },
                    MentionType::Place => {
                        MentionAttrs::Place { canonical: surface, country: None, place_type: "unknown".into() }
                    }
                    MentionType::Organization => MentionAttrs::Organization { canonical: surface },
                    _ => continue,
                };
                outs[d].push(Mention {
                    span,
                    sentence: doc.sentence_at(span.start),
                    source: "transformer",
                    confidence: e.score.clamp(0.0, 1.0) as f32,
                    attrs,
                });
            }
        }
    }
}

impl Annotator for TransformerAnnotator {
    fn name(&self) -> &'static str {
        "transformer"
    }

    fn annotate(&self, doc: &Doc, out: &mut Vec<Mention>) {
        self.run(&[doc], &mut [out]);
    }

    /// Sentences of a whole chunk of documents go through the model together, in batches of
    /// `--ner-batch-size` windows.
    fn batches(&self) -> bool {
        true
    }

    fn annotate_batch(&self, docs: &[Doc], out: &mut [Vec<Mention>]) {
        let docs: Vec<&Doc> = docs.iter().collect();
        let mut outs: Vec<&mut Vec<Mention>> = out.iter_mut().collect();
        self.run(&docs, &mut outs);
    }
}
