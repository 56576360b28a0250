//! The file `gongjian new campaigns/<id>` writes: every field of a campaign,
//! each with a note in Chinese, optional ones commented out.

use chrono::NaiveDate;

/// A new campaign `id` starting `today` and running a hundred days.
pub fn template(id: &str, today: NaiveDate) -> String {
    let end = today + chrono::Days::new(99);
    TEMPLATE.replace("{id}", id).replace("{start}", &today.to_string()).replace("{end}", &end.to_string())
}

const TEMPLATE: &str = "\
---
# 由 gongjian new 生成的攻坚行动。文件名（{id}）就是它的 id：报道写 campaign: {id} 归入本行动。
# 以 # 开头的行是说明或可选字段：去掉行首的 # 即可启用。冒号、空格都用半角。
title: 请填写攻坚行动名称                # 标题（必填），如 东光县第七轮项目建设百日攻坚
county: 请填写县区                       # 县区，如 东光县
start: {start}                       # 开始日期（必填），YYYY-MM-DD
end: {end}                         # 结束日期（必填）：百日攻坚为开始后第 99 天，“攻坚120天”为第 119 天
# series: xianming-bairi-gongjian       # 系列：同一系列的各轮攻坚并列对比（a-z、0-9、-）
# round: 1                              # 第几轮
# verdicts: full                        # 进度表述，覆盖 site.yaml：numbers 只列数字，full 另加“超前/滞后”
metrics:                                # 本行动的指标；报道的 metrics 只能用这里的键
  # 每个指标：label 名称，unit 单位，target 目标值，headline: true 为主指标（衡量“时间过半、任务过半”），
  # cumulative: false 表示数值可以下降（默认只增不减）。键可以用中文，如 完成投资。
  new_projects:         {label: 新开工项目, unit: 个, target: 50}
  total_investment:     {label: 总投资, unit: 亿元, target: 80}
  完成投资:             {label: 完成投资, unit: 亿元, target: 40, headline: true}
# projects_file: data/项目台账.xlsx     # 项目台账（xlsx、xls、ods、csv）：本行动中没有自己台账的报道都用它
# sheet: 十月                           # 台账的工作表（默认第一个）
# columns:                              # 台账表头与项目字段的对应（默认已认识常用表头）
#   进展情况: progress
# summary: 一句话摘要                   # 列表中显示的摘要，默认取正文第一段
# description: 页面描述                 # 搜索引擎看到的页面描述
draft: false                            # 草稿：true 时只在 serve 预览中显示
# tags: [重点项目]                      # 标签
# date: {start}                      # 本页发布日期
# updated: {start}                   # 更新日期
# template: campaign.html               # 主题中的模板，默认 campaign.html
# extra: {}                             # 自定义值，主题模板中可用
---

在这里写本轮攻坚行动的简介：目标、时间、重点项目。
";

#[cfg(test)]
mod tests {
    #[test]
    fn every_campaign_field_is_in_the_template() {
        let text = super::template("x", chrono::NaiveDate::from_ymd_opt(2022, 3, 1).unwrap());
        for key in crate::load::schema::keys(crate::load::CAMPAIGN_FIELDS) {
            assert!(text.contains(&format!("\n{key}:")) || text.contains(&format!("# {key}:")), "{key}");
        }
        assert!(text.contains("end: 2022-06-08"), "{text}");
    }
}
