//! The random site the oracle edits: a seeded generator, its reports and their files.

use std::path::{Path, PathBuf};

use crate::common::CAMPAIGN;

/// xorshift64*: the same sequence for the same seed everywhere.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub(crate) fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// One report as the generator keeps it.
#[derive(Clone, Debug)]
struct Report {
    file: String,
    title: String,
    day: u32,
    /// Added to the day's figure: a number edit that keeps figures cumulative.
    extra: u32,
    county: usize,
    campaign: bool,
    tags: Vec<usize>,
    text: String,
    chart: bool,
    project: Option<usize>,
    /// Gives the campaign's headline figure; without it, its box shows an earlier report's.
    headline: bool,
    /// Shows the photo beside the reports (its `og:image` then).
    photo: bool,
}

pub(crate) const COUNTIES: [&str; 2] = ["东光县", "南皮县"];
pub(crate) const TAGS: [&str; 4] = ["开局", "招商", "民生", "环保"];
const WORDS: [&str; 6] = ["项目开工。", "群众满意。", "进度加快，", "招商引资见效。", "鹦鹉螺", "第二段。\n\n又一段"];

impl Report {
    fn markdown(&self) -> String {
        let date = chrono::NaiveDate::from_ymd_opt(2021, 8, 1).unwrap() + chrono::Duration::days(self.day as i64);
        let mut fm = format!("---\ntitle: {}\ndate: {date}\ncounty: {}\n", self.title, COUNTIES[self.county]);
        if !self.tags.is_empty() {
            let tags: Vec<&str> = self.tags.iter().map(|&t| TAGS[t]).collect();
            fm += &format!("tags: [{}]\n", tags.join(", "));
        }
        if self.campaign {
            // Cumulative by date: a later report never shows less.
            let figure = self.day * 10 + self.extra;
            fm += &format!("campaign: dongguang-2021-r7\nmetrics:\n  new_projects: {figure}\n");
            if self.headline {
                fm += &format!("  completed_investment: {figure}\n");
            }
            if let Some(p) = self.project {
                fm += &format!("projects:\n  - {{id: p{p}, name: 项目{p}, investment: {}}}\n", 5 + self.extra);
            }
        }
        let chart =
            if self.chart && self.campaign { "\n\n{{ chart(kind=\"trend\", metric=\"new_projects\") }}\n" } else { "" };
        let photo = if self.photo { "\n\n![现场](xianchang.jpg)\n" } else { "" };
        format!("{fm}---\n{}{chart}{photo}\n", self.text)
    }
}

pub(crate) struct World {
    root: PathBuf,
    reports: Vec<Report>,
    made: usize,
    campaign_title: String,
    target: u32,
    /// Files written, removed or renamed (both names) since last taken: the watcher's events.
    pub(crate) touched: Vec<PathBuf>,
    /// Mostly text edits (of reports and of the campaign's own text): the
    /// builds that check only what read the changed bodies.
    texts_mostly: bool,
    /// Added to the campaign's own text.
    campaign_text: String,
}

impl World {
    /// With `mirror`, the site has a 繁體 mirror (a second search index with `script.json`).
    pub(crate) fn new(root: &Path, rng: &mut Rng, mirror: bool, texts_mostly: bool) -> World {
        let mut w = World {
            root: root.to_path_buf(),
            reports: Vec::new(),
            made: 0,
            campaign_title: "东光县第七轮项目建设百日攻坚".into(),
            target: 77,
            touched: Vec::new(),
            texts_mostly,
            campaign_text: String::new(),
        };
        std::fs::create_dir_all(root.join("content/reports")).unwrap();
        let yaml = format!("title: 测试站\nbase_url: /\npaginate_by: 2\nhant_mirror: {mirror}\n");
        std::fs::write(root.join("site.yaml"), yaml).unwrap();
        w.write_campaign();
        let photo = image::RgbImage::from_fn(200, 120, |x, y| image::Rgb([x as u8, y as u8, 90]));
        photo.save(root.join("content/reports/xianchang.jpg")).unwrap();
        for _ in 0..6 {
            w.add(rng);
        }
        w
    }

    fn write_campaign(&mut self) {
        self.touched.push(self.root.join("content/campaigns/dongguang-2021-r7.md"));
        let text = CAMPAIGN
            .replace("东光县第七轮项目建设百日攻坚", &self.campaign_title)
            .replace("target: 77", &format!("target: {}", self.target))
            + &self.campaign_text;
        std::fs::write(self.root.join("content/campaigns/dongguang-2021-r7.md"), text)
            .or_else(|_| {
                std::fs::create_dir_all(self.root.join("content/campaigns"))?;
                std::fs::write(self.root.join("content/campaigns/dongguang-2021-r7.md"), CAMPAIGN)
            })
            .unwrap();
    }

    fn path(&self, r: &Report) -> PathBuf {
        self.root.join("content/reports").join(&r.file)
    }

    fn save(&mut self, i: usize) {
        self.touched.push(self.path(&self.reports[i]));
        std::fs::write(self.path(&self.reports[i]), self.reports[i].markdown()).unwrap();
    }

    fn add(&mut self, rng: &mut Rng) {
        self.made += 1;
        let r = Report {
            file: format!("r{}.md", self.made),
            title: format!("通报{}", self.made),
            day: rng.below(60) as u32,
            extra: rng.below(10) as u32,
            county: rng.below(2),
            campaign: rng.chance(75),
            tags: (0..4).filter(|_| rng.chance(35)).collect(),
            text: WORDS[rng.below(WORDS.len())].to_string(),
            chart: rng.chance(30),
            project: rng.chance(50).then(|| rng.below(3)),
            headline: rng.chance(50),
            photo: rng.chance(20),
        };
        self.reports.push(r);
        self.save(self.reports.len() - 1);
    }

    /// A file under `static/` written, rewritten or deleted (a notice, a
    /// stylesheet): published as it is, beside the pages.
    fn edit_static(&mut self, rng: &mut Rng) -> String {
        let name = ["notices/n.txt", "css/extra.css"][rng.below(2)];
        let path = self.root.join("static").join(name);
        self.touched.push(path.clone());
        if path.is_file() && rng.chance(30) {
            std::fs::remove_file(&path).unwrap();
            return format!("delete static/{name}");
        }
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, format!("/* 公告 {} */\n", rng.next())).unwrap();
        format!("static/{name}")
    }

    /// One random edit; what it was, for the failure message.
    pub(crate) fn edit(&mut self, rng: &mut Rng) -> String {
        if self.reports.is_empty() {
            self.add(rng);
            return "add".into();
        }
        let i = rng.below(self.reports.len());
        let kind = match self.texts_mostly && rng.chance(75) {
            true if rng.chance(15) => {
                self.campaign_text += WORDS[rng.below(WORDS.len())];
                self.write_campaign();
                return "campaign text".into();
            }
            true => 0,
            false => rng.below(13),
        };
        let what = match kind {
            0 => {
                self.reports[i].text = format!("{}{}", self.reports[i].text, WORDS[rng.below(WORDS.len())]);
                "text"
            }
            1 => {
                self.reports[i].extra = rng.below(10) as u32;
                if rng.chance(30) {
                    self.reports[i].headline = !self.reports[i].headline;
                }
                "number"
            }
            2 => {
                self.reports[i].tags = (0..4).filter(|_| rng.chance(35)).collect();
                "tags"
            }
            3 => {
                self.reports[i].day = rng.below(60) as u32;
                "date"
            }
            4 => {
                self.add(rng);
                "new report"
            }
            5 => {
                let r = self.reports.remove(i);
                self.touched.push(self.path(&r));
                std::fs::remove_file(self.path(&r)).unwrap();
                return format!("delete {}", r.file);
            }
            6 => {
                let old = self.path(&self.reports[i]);
                self.touched.push(old.clone());
                self.made += 1;
                self.reports[i].file = format!("r{}.md", self.made);
                std::fs::rename(old, self.path(&self.reports[i])).unwrap();
                "rename"
            }
            7 => {
                self.reports[i].title = format!("{}改", self.reports[i].title);
                "title"
            }
            8 => {
                self.reports[i].county = 1 - self.reports[i].county;
                "county"
            }
            9 if rng.chance(50) => {
                self.reports[i].photo = !self.reports[i].photo;
                "photo"
            }
            9 => {
                self.reports[i].chart = !self.reports[i].chart;
                "chart"
            }
            10 => {
                self.reports[i].project = rng.chance(70).then(|| rng.below(3));
                self.reports[i].campaign = rng.chance(80);
                "project/campaign"
            }
            11 => return self.edit_static(rng),
            _ => {
                self.target = 60 + rng.below(40) as u32;
                if rng.chance(50) {
                    self.campaign_title = format!("{}（修订）", self.campaign_title);
                }
                self.write_campaign();
                return "campaign".into();
            }
        };
        self.save(i);
        format!("{what} {}", self.reports[i].file)
    }
}
