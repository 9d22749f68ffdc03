//! What templates see. These types are the theme's contract: a site's own
//! templates may use every field here, so fields are added, not renamed.

use crate::config::Config;
use crate::load::dates::display_day;
use crate::model::{Notice, PubDate, Region, Site};
use chrono::NaiveDate;
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use serde::Serialize;

/// Characters escaped in a URL path: those RFC 3986 `pchar` does not allow
/// in a segment, except `/`, which separates the segments.
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// Turns site paths (`gulou/a/`) into links under the base URL's path.
#[derive(Clone)]
pub struct Urls {
    base_path: String,
    base_url: String,
}

impl Urls {
    pub fn new(config: &Config) -> Self {
        Urls {
            base_path: config.base_url.path().to_string(),
            base_url: config.base_url.url().to_string(),
        }
    }

    /// A link for use inside the site: `/cunwu/gulou/a/`.
    pub fn link(&self, site_path: &str) -> String {
        under(&self.base_path, site_path)
    }

    /// A full URL for feeds, sitemaps and manifests.
    pub fn absolute(&self, site_path: &str) -> String {
        under(&self.base_url, site_path)
    }
}

/// `base` followed by `site_path` with its segments percent-encoded, made in
/// one string: every link of every page comes through here.
fn under(base: &str, site_path: &str) -> String {
    let mut url = String::with_capacity(base.len() + site_path.len());
    url.push_str(base);
    url.extend(utf8_percent_encode(site_path, PATH));
    url
}

#[derive(Serialize, Clone)]
pub struct DateCtx {
    /// For `<time datetime>`: `2021-08-20` or `2021-08-20T09:30`.
    pub iso: String,
    /// For residents: `2021年8月20日` (with the time when there is one).
    pub display: String,
}

impl DateCtx {
    pub fn day(date: NaiveDate) -> Self {
        DateCtx {
            iso: date.format("%Y-%m-%d").to_string(),
            display: display_day(date),
        }
    }

    pub fn published(date: PubDate) -> Self {
        match date.time {
            None => DateCtx::day(date.date),
            Some(time) => DateCtx {
                iso: format!("{}T{}", date.date.format("%Y-%m-%d"), time.format("%H:%M")),
                display: format!("{} {}", display_day(date.date), time.format("%H:%M")),
            },
        }
    }
}

#[derive(Serialize, Clone)]
pub struct Link {
    pub name: String,
    pub url: String,
}

#[derive(Serialize, Clone)]
pub struct KindCtx {
    pub id: String,
    pub name: String,
    pub url: String,
}

#[derive(Serialize)]
pub struct AssetsCtx {
    pub stylesheet: String,
    /// The 长辈模式 module every page loads.
    pub reading_mode: String,
    /// The search widget, loaded on first use of a search box.
    pub search: String,
    /// The engine it loads, preloaded in parallel with it.
    pub search_engine: String,
    pub search_engine_wasm: String,
    /// The table widget, loaded by pages with a `[data-gs-table]`.
    pub table: String,
    /// Its core (glue and wasm), preloaded in parallel with it.
    pub table_widget: String,
    pub table_widget_wasm: String,
    /// 朗读, loaded by notice pages.
    pub read_aloud: String,
}

/// The same on every page.
#[derive(Serialize)]
pub struct SiteCtx {
    pub title: String,
    pub description: String,
    pub language: String,
    pub base_url: String,
    pub base_path: String,
    pub home_url: String,
    pub search_url: String,
    pub kinds_url: String,
    pub feed_url: String,
    pub build_date: Option<DateCtx>,
    pub kinds: Vec<KindCtx>,
    pub assets: AssetsCtx,
    pub generator: String,
}

/// A notice in a listing.
#[derive(Serialize, Clone)]
pub struct NoticeSummary {
    pub title: String,
    pub url: String,
    pub date: DateCtx,
    pub kind: KindCtx,
    pub region: Link,
    /// Names from the county down, for listings that mix regions:
    /// `榕南县 · 塘下镇 · 凤潭村`.
    pub region_full_name: String,
    pub excerpt: String,
}

pub fn kind_ctx(config: &Config, urls: &Urls, id: &str) -> KindCtx {
    let name = config
        .kind(id)
        .map_or_else(|| id.to_string(), |k| k.name.clone());
    KindCtx {
        id: id.to_string(),
        name,
        url: urls.link(&format!("kinds/{id}/")),
    }
}

pub fn region_link(region: &Region, urls: &Urls) -> Link {
    Link {
        name: region.name.clone(),
        url: urls.link(&region.path),
    }
}

/// Region names below the root, joined for listings.
pub fn region_full_name(site: &Site, region: &Region) -> String {
    let names: Vec<&str> = site
        .lineage(region.id)
        .into_iter()
        .skip(1)
        .map(|r| r.name.as_str())
        .collect();
    if names.is_empty() {
        region.name.clone()
    } else {
        names.join(" · ")
    }
}

pub fn summary(site: &Site, urls: &Urls, notice: &Notice, excerpt: &str) -> NoticeSummary {
    let region = site.region(notice.region);
    NoticeSummary {
        title: notice.title.clone(),
        url: urls.link(&notice.path),
        date: DateCtx::published(notice.date),
        kind: kind_ctx(&site.config, urls, &notice.kind),
        region: region_link(region, urls),
        region_full_name: region_full_name(site, region),
        excerpt: excerpt.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_carry_the_sub_path_and_encode_segments() {
        let config = Config::parse(
            "title = \"t\"\nbase_url = \"https://example.org/cunwu/\"\n",
            None,
        )
        .unwrap();
        let urls = Urls::new(&config);
        assert_eq!(urls.link("gulou/a/"), "/cunwu/gulou/a/");
        assert_eq!(urls.link(""), "/cunwu/");
        assert_eq!(
            urls.link("a/选民 名单.pdf"),
            "/cunwu/a/%E9%80%89%E6%B0%91%20%E5%90%8D%E5%8D%95.pdf"
        );
        assert_eq!(urls.link("a/50%?#x/"), "/cunwu/a/50%25%3F%23x/");
        assert_eq!(
            urls.absolute("feed.xml"),
            "https://example.org/cunwu/feed.xml"
        );
    }
}
