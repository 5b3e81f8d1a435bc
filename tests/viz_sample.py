"""A small invented graph in the store's shape (one named graph per article) for the viz tests.

Hand-written so that each expected count can be worked out by reading it:
co-attendance Phan Xuân Thủy–Trần Thị Hoa = 3 meetings (e1, e2, e3), every other pair 1.
"""

from __future__ import annotations

import pyoxigraph

from kg.viz.source import OxigraphSource

ID = "https://w3id.org/vnkg/id/"
# (kept out of the TriG below only to keep its lines short)
SENTENCE_1 = (
    "Ngày 18-9, đồng chí Phan Xuân Thủy, Phó Trưởng Ban Tuyên giáo Trung ương "
    "đã chủ trì Hội nghị báo cáo viên tháng 9."
)

SAMPLE_TRIG = """
@prefix kg: <https://w3id.org/vnkg/ontology#> .
@prefix schema: <https://schema.org/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix b: <https://w3id.org/vnkg/id/body/> .
@prefix p: <https://w3id.org/vnkg/id/person/> .
@prefix r: <https://w3id.org/vnkg/id/role/> .
@prefix m: <https://w3id.org/vnkg/id/membership/> .
@prefix e: <https://w3id.org/vnkg/id/meeting/> .
@prefix d: <https://w3id.org/vnkg/id/document/> .
@prefix ev: <https://w3id.org/vnkg/id/evidence/> .
@prefix a: <https://w3id.org/vnkg/article/> .
@prefix pl: <https://w3id.org/vnkg/id/place/> .

a:a1 {
  a:a1 a schema:NewsArticle ; schema:headline "Tuyên truyền về đại hội đảng bộ các cấp" .
  b:dang a org:Organization ; skos:prefLabel "Đảng Cộng sản Việt Nam" .
  b:btgtw a org:Organization ; skos:prefLabel "Ban Tuyên giáo Trung ương" ; org:subOrganizationOf b:dang .
  b:tu-tn a org:Organization ; skos:prefLabel "Tỉnh ủy Thái Nguyên" ; org:subOrganizationOf b:dang ;
      kg:province pl:thai-nguyen .
  pl:thai-nguyen skos:prefLabel "Thái Nguyên" .
  b:btg-tn a org:Organization ; skos:prefLabel "Ban Tuyên giáo Tỉnh ủy Thái Nguyên" ;
      org:subOrganizationOf b:tu-tn ; kg:province pl:thai-nguyen .
  p:phan-xuan-thuy a foaf:Person ; foaf:name "Phan Xuân Thủy" ; kg:evidence ev:1 .
  p:le-van-tuan a foaf:Person ; foaf:name "Lê Văn Tuấn" .
  p:tran-thi-hoa a foaf:Person ; foaf:name "Trần Thị Hoa" .
  r:pho-truong-ban a org:Role ; skos:prefLabel "Phó Trưởng Ban" .
  r:truong-ban a org:Role ; skos:prefLabel "Trưởng Ban" .
  r:uv-btv a org:Role ; skos:prefLabel "Ủy viên Ban Thường vụ" .
  m:1 a org:Membership ; org:member p:phan-xuan-thuy ; org:organization b:btgtw ;
      org:role r:pho-truong-ban ; kg:attestedOn "2020-09-18"^^xsd:date ; kg:evidence ev:1 .
  m:2 a org:Membership ; org:member p:le-van-tuan ; org:organization b:btg-tn ;
      org:role r:truong-ban ; kg:attestedOn "2020-09-18"^^xsd:date ; kg:evidence ev:2 .
  m:3 a org:Membership ; org:member p:le-van-tuan ; org:organization b:tu-tn ;
      org:role r:uv-btv ; kg:attestedOn "2020-09-18"^^xsd:date ; kg:evidence ev:2 .
  e:1 a schema:Event ; schema:name "Hội nghị báo cáo viên tháng 9" ;
      schema:startDate "2020-09-18"^^xsd:date ; schema:organizer b:btgtw ; kg:chair p:phan-xuan-thuy ;
      schema:attendee p:phan-xuan-thuy, p:le-van-tuan, p:tran-thi-hoa ; kg:evidence ev:1 .
  ev:1 a kg:Evidence ; schema:isPartOf a:a1 ; kg:startOffset 0 ; kg:endOffset 120 ;
      kg:sentenceText "__SENTENCE_1__" .
  ev:2 a kg:Evidence ; schema:isPartOf a:a1 ; kg:startOffset 121 ; kg:endOffset 220 ;
      kg:sentenceText "Tham dự có đồng chí Lê Văn Tuấn, Ủy viên Ban Thường vụ, Trưởng Ban Tuyên giáo Tỉnh ủy." .
}

a:a2 {
  a:a2 a schema:NewsArticle ; schema:headline "Quảng Bình tổng kết công tác tuyên giáo" .
  b:dang a org:Organization ; skos:prefLabel "Đảng Cộng sản Việt Nam" .
  b:bct a org:Organization ; skos:prefLabel "Bộ Chính trị" ; org:subOrganizationOf b:dang .
  b:tu-qb a org:Organization ; skos:prefLabel "Tỉnh ủy Quảng Bình" ; org:subOrganizationOf b:dang ;
      kg:province "Quảng Bình" .
  b:btg-qb a org:Organization ; skos:prefLabel "Ban Tuyên giáo Tỉnh ủy Quảng Bình" ;
      org:subOrganizationOf b:tu-qb ; kg:province "Quảng Bình" .
  p:phan-xuan-thuy a foaf:Person ; foaf:name "Phan Xuân Thủy" .
  p:tran-thi-hoa a foaf:Person ; foaf:name "Trần Thị Hoa" .
  p:nguyen-van-an a foaf:Person ; foaf:name "Nguyễn Văn An" .
  p:hoang-minh-duc a foaf:Person ; foaf:name "Hoàng Minh Đức" .
  r:truong-ban a org:Role ; skos:prefLabel "Trưởng Ban" .
  r:bi-thu a org:Role ; skos:prefLabel "Bí thư" .
  r:uy-vien a org:Role ; skos:prefLabel "Ủy viên" .
  m:4 a org:Membership ; org:member p:tran-thi-hoa ; org:organization b:btg-qb ;
      org:role r:truong-ban ; kg:attestedOn "2021-03-02"^^xsd:date ; kg:evidence ev:3 .
  m:5 a org:Membership ; org:member p:nguyen-van-an ; org:organization b:tu-qb ;
      org:role r:bi-thu ; kg:attestedOn "2021-03-02"^^xsd:date ; kg:evidence ev:4 .
  m:6 a org:Membership ; org:member p:hoang-minh-duc ; org:organization b:bct ; org:role r:uy-vien .
  e:2 a schema:Event ; schema:name "Hội nghị tổng kết công tác tuyên giáo" ;
      schema:startDate "2021-03-02"^^xsd:date ; schema:organizer b:tu-qb ; kg:chair p:nguyen-van-an ;
      schema:attendee p:nguyen-van-an, p:tran-thi-hoa, p:phan-xuan-thuy ;
      kg:discussed d:1, d:3 ; kg:evidence ev:4 .
  e:3 a schema:Event ; schema:name "Tọa đàm về báo chí" ; schema:startDate "--09-20"^^xsd:gMonthDay ;
      schema:attendee p:phan-xuan-thuy, p:tran-thi-hoa .
  d:1 a schema:Legislation ; schema:name "Chỉ thị 05-CT/TW" ; schema:legislationIdentifier "05-CT/TW" ;
      schema:legislationPassedBy b:bct ; schema:legislationDate "2016-05-15"^^xsd:date .
  d:2 a schema:Legislation ; schema:name "Kết luận 01-KL/TW" ; schema:legislationIdentifier "01-KL/TW" ;
      schema:legislationPassedBy b:bct ; schema:legislationDate "2021-05-18"^^xsd:date ; kg:refersTo d:1 .
  d:3 a schema:Legislation ; schema:name "Kế hoạch 12-KH/TU" ; schema:legislationPassedBy b:tu-qb .
  ev:3 a kg:Evidence ; schema:isPartOf a:a2 ;
      kg:sentenceText "Đồng chí Trần Thị Hoa, Trưởng Ban Tuyên giáo Tỉnh ủy Quảng Bình phát biểu." .
  ev:4 a kg:Evidence ; schema:isPartOf a:a2 ;
      kg:sentenceText "Đồng chí Nguyễn Văn An, Bí thư Tỉnh ủy chủ trì hội nghị, quán triệt Chỉ thị 05-CT/TW." .
}
"""


def sample_store() -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    trig = SAMPLE_TRIG.replace("__SENTENCE_1__", SENTENCE_1)
    store.load(trig.encode("utf-8"), format=pyoxigraph.RdfFormat.TRIG)
    return store


def sample_source() -> OxigraphSource:
    return OxigraphSource(sample_store())
