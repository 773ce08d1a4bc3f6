"""Dates read grammatically in every language: each message with a date, rendered, against text written
by hand (a native reader's expectation, never the program's output)."""

from __future__ import annotations

import datetime as dt
import re
import sys

import pytest

from site_facts import ROOT, config

sys.path.insert(0, str(ROOT / "hooks"))
from policy_site.dates import configure_locales, show_date  # noqa: E402
from policy_site.messages import messages  # noqa: E402

LOCALES = config()["extra"]["policy_site"]["locales"]
DATE = dt.date(2026, 2, 1)  # {date}, {start}, {new_date}
END = dt.date(2026, 11, 29)  # {end}
OLD = dt.date(2026, 5, 31)  # {old} and {old_date}
# Filled into every message; title "T", version 2 (diff_intro: version 1 against version 2).
FIELDS = {"title": "T", "number": 2}
# The register and the translation status page are for editors, in the source language only.
SOURCE_ONLY = ("register_", "translations_")

EXPECTED = {
    "en": {
        "in_effect_since": "In effect since 1 February 2026",
        "in_effect_from_to": "In effect from 1 February 2026 to 29 November 2026",
        "in_effect_on_day": "In effect on 1 February 2026 only",
        "takes_effect_on": "Takes effect on 1 February 2026",
        "last_changed": "Last changed on 1 February 2026",
        "withdrawn_on": "Withdrawn on 1 February 2026",
        "notice_upcoming": "A new version takes effect on 1 February 2026.",
        "version_banner_past": "This is version 2, in effect from 1 February 2026 to 29 November 2026.",
        "version_banner_past_one_day": "This is version 2, in effect on 1 February 2026 only.",
        "version_banner_in_force": "This is version 2, in effect since 1 February 2026. It is the version in force today.",
        "version_banner_upcoming": "This is version 2, which takes effect on 1 February 2026.",
        "outdated_text": "The English original of this page changed on 1 February 2026, after this translation was made.",
        "change_note_effective": "Changes effective 1 February 2026",
        "feed_entry_title": "T, version 2 (in effect from 1 February 2026)",
        "feed_withdrawn_title": "T: withdrawn on 1 February 2026",
        "withdrawn_text": "Withdrawn on 1 February 2026. This policy no longer applies; its last text stays here as a record.",
        "record_published": "Published on 1 February 2026, after the date it applies from.",
        "record_corrected": "Its effective date was corrected on 1 February 2026; it previously read 31 May 2026.",
        "announce_subject": "T: changes from 1 February 2026",
        "announce_intro_upcoming": "We are changing our policy “T”. The new version takes effect on 1 February 2026.",
        "announce_intro_current": "We have changed our policy “T”. The new version applies from 1 February 2026.",
        "briefing_subject": "Staff briefing: “T”, version 2, from 1 February 2026",
        "briefing_intro": "Version 2 of the policy “T” applies from 1 February 2026. Read it before then and follow it from that day.",
        "diff_intro": "Differences between version 1 (31 May 2026) and version 2 (1 February 2026).",
        "register_as_of": "Review dates as of 1 February 2026 (the day the site was built).",
        "translations_status_outdated": "outdated since 1 February 2026",
    },
    "ru": {
        "in_effect_since": "Действует с 1 февраля 2026 г.",
        "in_effect_from_to": "Действовала с 1 февраля 2026 г. по 29 ноября 2026 г.",
        "in_effect_on_day": "Действовала только 1 февраля 2026 г.",
        "takes_effect_on": "Вступает в силу 1 февраля 2026 г.",
        "last_changed": "Последнее изменение: 1 февраля 2026 г.",
        "withdrawn_on": "Отменены 1 февраля 2026 г.",
        "notice_upcoming": "Новая версия вступает в силу 1 февраля 2026 г.",
        "version_banner_past": "Это версия 2, действовавшая с 1 февраля 2026 г. по 29 ноября 2026 г.",
        "version_banner_past_one_day": "Это версия 2, действовавшая только 1 февраля 2026 г.",
        "version_banner_in_force": "Это версия 2, действующая с 1 февраля 2026 г. Сегодня действует именно она.",
        "version_banner_upcoming": "Это версия 2, которая вступает в силу 1 февраля 2026 г.",
        "outdated_text": "Английский оригинал этого документа изменился 1 февраля 2026 г., уже после того, как был сделан этот перевод.",
        "change_note_effective": "Изменения с 1 февраля 2026 г.",
        "feed_entry_title": "T, версия 2 (действует с 1 февраля 2026 г.)",
        "feed_withdrawn_title": "T: отменены 1 февраля 2026 г.",
        "withdrawn_text": "Отменены 1 февраля 2026 г.: эти правила больше не действуют; их последний текст сохранён здесь для справки.",
        "record_published": "Опубликовано 1 февраля 2026 г., позже даты вступления в силу.",
        "record_corrected": "Дата вступления в силу исправлена 1 февраля 2026 г.; ранее было указано 31 мая 2026 г.",
        "announce_subject": "T: изменения с 1 февраля 2026 г.",
        "announce_intro_upcoming": "Мы меняем правила «T». С 1 февраля 2026 г. будет действовать новая версия.",
        "announce_intro_current": "Мы изменили правила «T». С 1 февраля 2026 г. действует новая версия.",
        "briefing_subject": "Памятка для сотрудников: «T», версия 2, с 1 февраля 2026 г.",
        "briefing_intro": "Версия 2 правил «T» действует с 1 февраля 2026 г.: прочитайте её заранее и применяйте с этого дня.",
        "diff_intro": "Различия между версией 1 (31 мая 2026 г.) и версией 2 (1 февраля 2026 г.).",
    },
    "be": {
        "in_effect_since": "Дзейнічае з 1 лютага 2026 г.",
        "in_effect_from_to": "Дзейнічала з 1 лютага 2026 г. па 29 лістапада 2026 г.",
        "in_effect_on_day": "Дзейнічала толькі 1 лютага 2026 г.",
        "takes_effect_on": "Уступае ў сілу 1 лютага 2026 г.",
        "last_changed": "Апошняя змена: 1 лютага 2026 г.",
        "withdrawn_on": "Адменены 1 лютага 2026 г.",
        "notice_upcoming": "Новая версія ўступае ў сілу 1 лютага 2026 г.",
        "version_banner_past": "Гэта версія 2, якая дзейнічала з 1 лютага 2026 г. па 29 лістапада 2026 г.",
        "version_banner_past_one_day": "Гэта версія 2, якая дзейнічала толькі 1 лютага 2026 г.",
        "version_banner_in_force": "Гэта версія 2, якая дзейнічае з 1 лютага 2026 г. Сёння дзейнічае менавіта яна.",
        "version_banner_upcoming": "Гэта версія 2, якая ўступае ў сілу 1 лютага 2026 г.",
        "outdated_text": "Англійскі арыгінал гэтага дакумента змяніўся 1 лютага 2026 г., ужо пасля таго, як быў зроблены гэты пераклад.",
        "change_note_effective": "Змены з 1 лютага 2026 г.",
        "feed_entry_title": "T, версія 2 (дзейнічае з 1 лютага 2026 г.)",
        "feed_withdrawn_title": "T: адменены 1 лютага 2026 г.",
        "withdrawn_text": "Адменены 1 лютага 2026 г.: гэтыя правілы больш не дзейнічаюць; іх апошні тэкст захаваны тут для даведкі.",
        "record_published": "Апублікавана 1 лютага 2026 г., пазней за дату ўступлення ў сілу.",
        "record_corrected": "Дата ўступлення ў сілу выпраўлена 1 лютага 2026 г.; раней было пазначана 31 мая 2026 г.",
        "announce_subject": "T: змены з 1 лютага 2026 г.",
        "announce_intro_upcoming": "Мы змяняем правілы «T». З 1 лютага 2026 г. будзе дзейнічаць новая версія.",
        "announce_intro_current": "Мы змянілі правілы «T». З 1 лютага 2026 г. дзейнічае новая версія.",
        "briefing_subject": "Памятка для супрацоўнікаў: «T», версія 2, з 1 лютага 2026 г.",
        "briefing_intro": "Версія 2 правіл «T» дзейнічае з 1 лютага 2026 г.: прачытайце яе загадзя і выконвайце з гэтага дня.",
        "diff_intro": "Адрозненні паміж версіяй 1 (31 мая 2026 г.) і версіяй 2 (1 лютага 2026 г.).",
    },
    "th": {
        "in_effect_since": "มีผลตั้งแต่วันที่ 1 กุมภาพันธ์ พ.ศ. 2569",
        "in_effect_from_to": "มีผลตั้งแต่วันที่ 1 กุมภาพันธ์ พ.ศ. 2569 ถึงวันที่ 29 พฤศจิกายน พ.ศ. 2569",
        "in_effect_on_day": "มีผลเฉพาะวันที่ 1 กุมภาพันธ์ พ.ศ. 2569",
        "takes_effect_on": "มีผลวันที่ 1 กุมภาพันธ์ พ.ศ. 2569",
        "last_changed": "แก้ไขล่าสุดเมื่อ 1 กุมภาพันธ์ พ.ศ. 2569",
        "withdrawn_on": "ยกเลิกเมื่อ 1 กุมภาพันธ์ พ.ศ. 2569",
        "notice_upcoming": "ฉบับใหม่จะมีผลในวันที่ 1 กุมภาพันธ์ พ.ศ. 2569",
        "version_banner_past": "นี่คือฉบับที่ 2 ซึ่งมีผลตั้งแต่วันที่ 1 กุมภาพันธ์ พ.ศ. 2569 ถึงวันที่ 29 พฤศจิกายน พ.ศ. 2569",
        "version_banner_past_one_day": "นี่คือฉบับที่ 2 ซึ่งมีผลเฉพาะวันที่ 1 กุมภาพันธ์ พ.ศ. 2569",
        "version_banner_in_force": "นี่คือฉบับที่ 2 ซึ่งมีผลตั้งแต่วันที่ 1 กุมภาพันธ์ พ.ศ. 2569 และเป็นฉบับที่มีผลบังคับใช้ในวันนี้",
        "version_banner_upcoming": "นี่คือฉบับที่ 2 ซึ่งจะมีผลในวันที่ 1 กุมภาพันธ์ พ.ศ. 2569",
        "outdated_text": "ต้นฉบับภาษาอังกฤษของหน้านี้มีการเปลี่ยนแปลงเมื่อ 1 กุมภาพันธ์ พ.ศ. 2569 หลังจากที่แปลหน้านี้แล้ว",
        "change_note_effective": "การเปลี่ยนแปลงที่มีผลตั้งแต่วันที่ 1 กุมภาพันธ์ พ.ศ. 2569",
        "feed_entry_title": "T ฉบับที่ 2 (มีผลตั้งแต่วันที่ 1 กุมภาพันธ์ พ.ศ. 2569)",
        "feed_withdrawn_title": "T: ยกเลิกเมื่อ 1 กุมภาพันธ์ พ.ศ. 2569",
        "withdrawn_text": "ยกเลิกเมื่อ 1 กุมภาพันธ์ พ.ศ. 2569 นโยบายนี้ไม่มีผลใช้บังคับแล้ว ข้อความฉบับสุดท้ายเก็บไว้ที่นี่เพื่อเป็นหลักฐาน",
        "record_published": "เผยแพร่เมื่อ 1 กุมภาพันธ์ พ.ศ. 2569 หลังวันที่มีผลบังคับใช้",
        "record_corrected": "วันที่มีผลบังคับใช้ได้รับการแก้ไขเมื่อ 1 กุมภาพันธ์ พ.ศ. 2569 เดิมระบุว่า 31 พฤษภาคม พ.ศ. 2569",
        "announce_subject": "T: การเปลี่ยนแปลงตั้งแต่วันที่ 1 กุมภาพันธ์ พ.ศ. 2569",
        "announce_intro_upcoming": "เรากำลังปรับปรุงนโยบาย “T” ฉบับใหม่จะมีผลตั้งแต่วันที่ 1 กุมภาพันธ์ พ.ศ. 2569",
        "announce_intro_current": "เราได้ปรับปรุงนโยบาย “T” แล้ว ฉบับใหม่มีผลตั้งแต่วันที่ 1 กุมภาพันธ์ พ.ศ. 2569",
        "briefing_subject": "สรุปสำหรับพนักงาน: “T” ฉบับที่ 2 ตั้งแต่วันที่ 1 กุมภาพันธ์ พ.ศ. 2569",
        "briefing_intro": "นโยบาย “T” ฉบับที่ 2 มีผลตั้งแต่วันที่ 1 กุมภาพันธ์ พ.ศ. 2569 โปรดอ่านก่อนวันดังกล่าวและปฏิบัติตามตั้งแต่วันนั้น",
        "diff_intro": "ความแตกต่างระหว่างฉบับที่ 1 (31 พฤษภาคม พ.ศ. 2569) และฉบับที่ 2 (1 กุมภาพันธ์ พ.ศ. 2569)",
    },
    "et": {
        "in_effect_since": "Kehtib alates 1. veebruarist 2026",
        "in_effect_from_to": "Kehtis 1. veebruarist 2026 kuni 29. novembrini 2026",
        "in_effect_on_day": "Kehtis ainult 1. veebruaril 2026",
        "takes_effect_on": "Jõustub 1. veebruaril 2026",
        "last_changed": "Viimati muudetud 1. veebruaril 2026",
        "withdrawn_on": "Tühistatud 1. veebruaril 2026",
        "notice_upcoming": "Uus versioon jõustub 1. veebruaril 2026.",
        "version_banner_past": "See on versioon 2, mis kehtis 1. veebruarist 2026 kuni 29. novembrini 2026.",
        "version_banner_past_one_day": "See on versioon 2, mis kehtis ainult 1. veebruaril 2026.",
        "version_banner_in_force": "See on versioon 2, mis kehtib alates 1. veebruarist 2026. Täna kehtib just see versioon.",
        "version_banner_upcoming": "See on versioon 2, mis jõustub 1. veebruaril 2026.",
        "outdated_text": "Selle lehe ingliskeelset originaali muudeti 1. veebruaril 2026, pärast selle tõlke valmimist.",
        "change_note_effective": "Muudatused alates 1. veebruarist 2026",
        "feed_entry_title": "T, versioon 2 (kehtib alates 1. veebruarist 2026)",
        "feed_withdrawn_title": "T: tühistatud 1. veebruaril 2026",
        "withdrawn_text": "Tühistatud 1. veebruaril 2026. Need põhimõtted enam ei kehti; nende viimane tekst on siin alles teadmiseks.",
        "record_published": "Avaldatud 1. veebruaril 2026, pärast jõustumise kuupäeva.",
        "record_corrected": "Jõustumise kuupäeva parandati 1. veebruaril 2026; varem oli märgitud 31. mai 2026.",
        "announce_subject": "T: muudatused alates 1. veebruarist 2026",
        "announce_intro_upcoming": "Muudame põhimõtteid „T“. Uus versioon jõustub 1. veebruaril 2026.",
        "announce_intro_current": "Muutsime põhimõtteid „T“. Uus versioon kehtib alates 1. veebruarist 2026.",
        "briefing_subject": "Ülevaade töötajatele: „T“, versioon 2, alates 1. veebruarist 2026",
        "briefing_intro": "Põhimõtete „T“ versioon 2 kehtib alates 1. veebruarist 2026. Lugege see enne läbi ja järgige seda sellest päevast alates.",
        "diff_intro": "Erinevused versiooni 1 (31. mai 2026) ja versiooni 2 (1. veebruar 2026) vahel.",
    },
    "lv": {
        "in_effect_since": "Spēkā kopš 2026. gada 1. februāra",
        "in_effect_from_to": "Bija spēkā no 2026. gada 1. februāra līdz 2026. gada 29. novembrim",
        "in_effect_on_day": "Bija spēkā tikai 2026. gada 1. februārī",
        "takes_effect_on": "Stājas spēkā 2026. gada 1. februārī",
        "last_changed": "Pēdējās izmaiņas: 2026. gada 1. februāris",
        "withdrawn_on": "Atcelti 2026. gada 1. februārī",
        "notice_upcoming": "Jaunā versija stāsies spēkā 2026. gada 1. februārī.",
        "version_banner_past": "Šī ir 2. versija, kas bija spēkā no 2026. gada 1. februāra līdz 2026. gada 29. novembrim.",
        "version_banner_past_one_day": "Šī ir 2. versija, kas bija spēkā tikai 2026. gada 1. februārī.",
        "version_banner_in_force": "Šī ir 2. versija, kas ir spēkā kopš 2026. gada 1. februāra. Tā ir spēkā šodien.",
        "version_banner_upcoming": "Šī ir 2. versija, kas stāsies spēkā 2026. gada 1. februārī.",
        "outdated_text": "Šīs lapas angļu valodas oriģināls tika mainīts 2026. gada 1. februārī, pēc tam, kad šis tulkojums tika sagatavots.",
        "change_note_effective": "Izmaiņas no 2026. gada 1. februāra",
        "feed_entry_title": "T, 2. versija (spēkā no 2026. gada 1. februāra)",
        "feed_withdrawn_title": "T: atcelti 2026. gada 1. februārī",
        "withdrawn_text": "Atcelti 2026. gada 1. februārī. Šie noteikumi vairs nav spēkā; to pēdējais teksts ir saglabāts šeit uzziņai.",
        "record_published": "Publicēts 2026. gada 1. februārī, pēc spēkā stāšanās dienas.",
        "record_corrected": "Spēkā stāšanās datums labots 2026. gada 1. februārī; iepriekš bija norādīts 2026. gada 31. maijs.",
        "announce_subject": "T: izmaiņas no 2026. gada 1. februāra",
        "announce_intro_upcoming": "Mēs mainām noteikumus “T”. Jaunā versija stāsies spēkā 2026. gada 1. februārī.",
        "announce_intro_current": "Mēs esam mainījuši noteikumus “T”. Jaunā versija ir spēkā no 2026. gada 1. februāra.",
        "briefing_subject": "Informācija darbiniekiem: “T”, 2. versija, no 2026. gada 1. februāra",
        "briefing_intro": "Noteikumu “T” 2. versija stājas spēkā 2026. gada 1. februārī. Izlasiet to laikus un ievērojiet no šīs dienas.",
        "diff_intro": "Atšķirības starp 1. versiju (2026. gada 31. maijs) un 2. versiju (2026. gada 1. februāris).",
    },
}

# The same phrases in other months, for the languages whose month names change: January, March, April
# (Latvian aprīlis → aprīļa), May (Estonian mai → maist), November, December.
MONTHS = {
    ("lv", "in_effect_since"): {dt.date(2026, 1, 5): "Spēkā kopš 2026. gada 5. janvāra",
                                dt.date(2026, 3, 1): "Spēkā kopš 2026. gada 1. marta",
                                dt.date(2026, 4, 1): "Spēkā kopš 2026. gada 1. aprīļa",
                                dt.date(2026, 5, 31): "Spēkā kopš 2026. gada 31. maija",
                                dt.date(2026, 11, 29): "Spēkā kopš 2026. gada 29. novembra"},
    ("lv", "notice_upcoming"): {dt.date(2027, 1, 4): "Jaunā versija stāsies spēkā 2027. gada 4. janvārī.",
                                dt.date(2026, 3, 1): "Jaunā versija stāsies spēkā 2026. gada 1. martā.",
                                dt.date(2026, 5, 31): "Jaunā versija stāsies spēkā 2026. gada 31. maijā.",
                                dt.date(2026, 12, 15): "Jaunā versija stāsies spēkā 2026. gada 15. decembrī."},
    ("lv", "in_effect_from_to"): {(dt.date(2026, 3, 1), dt.date(2026, 4, 30)):
                                  "Bija spēkā no 2026. gada 1. marta līdz 2026. gada 30. aprīlim",
                                  (dt.date(2026, 5, 1), dt.date(2026, 11, 19)):
                                  "Bija spēkā no 2026. gada 1. maija līdz 2026. gada 19. novembrim"},
    ("lv", "in_effect_on_day"): {dt.date(2026, 5, 31): "Bija spēkā tikai 2026. gada 31. maijā",
                                 dt.date(2026, 4, 1): "Bija spēkā tikai 2026. gada 1. aprīlī"},
    ("et", "in_effect_since"): {dt.date(2026, 1, 5): "Kehtib alates 5. jaanuarist 2026",
                                dt.date(2026, 3, 1): "Kehtib alates 1. märtsist 2026",
                                dt.date(2026, 5, 31): "Kehtib alates 31. maist 2026",
                                dt.date(2026, 11, 29): "Kehtib alates 29. novembrist 2026"},
    ("et", "notice_upcoming"): {dt.date(2027, 1, 4): "Uus versioon jõustub 4. jaanuaril 2027.",
                                dt.date(2026, 4, 1): "Uus versioon jõustub 1. aprillil 2026.",
                                dt.date(2026, 5, 1): "Uus versioon jõustub 1. mail 2026.",
                                dt.date(2026, 12, 15): "Uus versioon jõustub 15. detsembril 2026."},
    ("et", "in_effect_from_to"): {(dt.date(2026, 3, 1), dt.date(2026, 4, 30)):
                                  "Kehtis 1. märtsist 2026 kuni 30. aprillini 2026",
                                  (dt.date(2026, 5, 1), dt.date(2026, 11, 19)):
                                  "Kehtis 1. maist 2026 kuni 19. novembrini 2026"},
    ("et", "in_effect_on_day"): {dt.date(2026, 5, 1): "Kehtis ainult 1. mail 2026",
                                 dt.date(2026, 3, 1): "Kehtis ainult 1. märtsil 2026"},
    ("en", "in_effect_since"): {dt.date(2026, 1, 5): "In effect since 5 January 2026",
                                dt.date(2026, 5, 31): "In effect since 31 May 2026",
                                dt.date(2026, 11, 29): "In effect since 29 November 2026"},
    ("ru", "in_effect_since"): {dt.date(2026, 1, 5): "Действует с 5 января 2026 г.",
                                dt.date(2026, 5, 31): "Действует с 31 мая 2026 г.",
                                dt.date(2026, 11, 29): "Действует с 29 ноября 2026 г."},
    ("be", "in_effect_since"): {dt.date(2026, 1, 5): "Дзейнічае з 5 студзеня 2026 г.",
                                dt.date(2026, 5, 31): "Дзейнічае з 31 мая 2026 г.",
                                dt.date(2026, 11, 29): "Дзейнічае з 29 лістапада 2026 г."},
    ("th", "in_effect_since"): {dt.date(2026, 1, 5): "มีผลตั้งแต่วันที่ 5 มกราคม พ.ศ. 2569",
                                dt.date(2026, 5, 31): "มีผลตั้งแต่วันที่ 31 พฤษภาคม พ.ศ. 2569",
                                dt.date(2027, 11, 29): "มีผลตั้งแต่วันที่ 29 พฤศจิกายน พ.ศ. 2570"},
}


@pytest.fixture(autouse=True)
def site_locales():
    configure_locales(LOCALES)
    yield
    configure_locales({})


def _plain(text: str) -> str:
    # Babel writes "2026 г." with a narrow no-break space: compare it as a space.
    return text.replace("\u202f", " ").replace("\xa0", " ")


def _render(language: str, key: str, date: dt.date = DATE, end: dt.date = END) -> str:
    shown, old = show_date(date, language), show_date(OLD, language)
    message = messages(language)[key]
    # diff_intro's {old} is a version number (1); record_corrected's {old} is a date.
    old_field = 1 if key == "diff_intro" else old
    return _plain(message.format(**FIELDS, date=shown, start=shown, end=show_date(end, language), old=old_field,
                                 old_date=old, new_date=shown, new=2))


def _date_messages(language: str) -> list[str]:
    """Keys of `language` whose text holds a date: every one must be in EXPECTED."""
    own = messages(language)
    keys = [key for key, text in own.items() if re.search(r"\{(date|start|end|old|old_date|new_date)[:}]", text)]
    return [key for key in keys if language == "en" or not key.startswith(SOURCE_ONLY)]


@pytest.mark.parametrize("language", sorted(EXPECTED))
def test_every_date_message_is_checked(language):
    assert sorted(_date_messages(language)) == sorted(EXPECTED[language])


@pytest.mark.parametrize("language, key", [(lang, key) for lang in sorted(EXPECTED) for key in EXPECTED[lang]])
def test_date_message_reads_right(language, key):
    assert _render(language, key) == EXPECTED[language][key]


@pytest.mark.parametrize("language, key", sorted(MONTHS))
def test_date_message_in_other_months(language, key):
    for when, expected in MONTHS[(language, key)].items():
        start, end = when if isinstance(when, tuple) else (when, END)
        assert _render(language, key, start, end) == expected


def test_unknown_date_form_is_an_error():
    with pytest.raises(ValueError, match="unknown date form 'genitiv'"):
        "{date:genitiv}".format(date=show_date(DATE, "lv"))


def test_dates_keep_their_iso_form_and_english_locale_is_configurable():
    configure_locales({})
    assert show_date(DATE, "en")["text"] == "February 1, 2026"  # Babel's en (US) without the setting
    configure_locales(LOCALES)
    assert show_date(DATE, "en") == {"iso": "2026-02-01", "text": "1 February 2026"}


def test_a_locale_babel_does_not_know_fails_the_build_with_a_fix(tmp_path):
    from sitebuild import build_site, copy_project

    project = copy_project(ROOT, tmp_path / "project")
    config_file = project / "mkdocs.yml"
    config_file.write_text(config_file.read_text(encoding="utf-8").replace("en: en_GB", "en: en_XX"), encoding="utf-8")
    result = build_site(project, tmp_path / "site")
    assert result.returncode != 0
    assert "extra.policy_site.locales: en: 'en_XX' is not a locale Babel knows" in result.output
    assert "fix: use a locale such as en_GB" in result.output
