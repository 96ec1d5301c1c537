#!/usr/bin/env python3
"""Writes the small PDFs used by tests/layout.rs: borderless tables as a word processor without
table borders would print them, in raw PDF with the standard Helvetica fonts.

borderless_hrules.pdf     one table ruled only above/below the header and below the table,
                          a title line above, paragraphs before and after, a page number
borderless_two_pages.pdf  one table without any rules over two pages, header repeated,
                          wrapped cells, a title on page 1

Run from anywhere: python3 tests/data/layout/make_fixtures.py
"""
import os

here = os.path.dirname(os.path.abspath(__file__))


def pdf(pages, path):
    # pages: list of content stream strings; page size A4 portrait
    objs=[]
    objs.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids=" ".join(f"{4+2*i} 0 R" for i in range(len(pages)))
    objs.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    # bold font as obj after pages
    nb=3+2*len(pages)+1
    for i,c in enumerate(pages):
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R /F2 {nb} 0 R >> >> /Contents {5+2*i} 0 R >>".encode())
        data=c.encode('latin-1')
        objs.append(b"<< /Length %d >>\nstream\n"%len(data)+data+b"\nendstream")
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
    out=bytearray(b"%PDF-1.4\n")
    offs=[]
    for i,o in enumerate(objs):
        offs.append(len(out))
        out+=f"{i+1} 0 obj\n".encode()+o+b"\nendobj\n"
    x=len(out)
    out+=f"xref\n0 {len(objs)+1}\n0000000000 65535 f \n".encode()
    for o in offs: out+=f"{o:010d} 00000 n \n".encode()
    out+=f"trailer\n<< /Size {len(objs)+1} /Root 1 0 R >>\nstartxref\n{x}\n%%EOF\n".encode()
    open(path,'wb').write(out)
def text(x,y,s,bold=False,size=9):
    f='F2' if bold else 'F1'
    s=s.replace('\\','\\\\').replace('(','\\(').replace(')','\\)')
    return f"BT /{f} {size} Tf {x} {842-y} Td ({s}) Tj ET\n"
def hline(x0,x1,y): return f"0.5 w {x0} {842-y} m {x1} {842-y} l S\n"


# --- borderless_hrules.pdf
rows=[("1","Pelatihan kerja berbasis kompetensi","2.100.000.000","APBD"),
      ("2","Penempatan tenaga kerja","350.000.000","APBD"),
      ("3","Pengawasan ketenagakerjaan","45.000.000","DAK"),
      ("4","Perluasan kesempatan kerja","125.500.000","APBD")]
c=text(50,60,"Berikut rencana kegiatan tahun 2024 sebagaimana tabel berikut:")
c+=text(200,90,"Tabel 3.1 Rencana Kegiatan",bold=True)
y=110
c+=hline(45,520,y-10)
for x,h in zip((50,80,330,450),("No","Kegiatan","Pagu (Rp)","Sumber")): c+=text(x,y,h,bold=True)
c+=hline(45,520,y+4)
y+=18
for r in rows:
    for x,v in zip((50,80,330,450),r): c+=text(x,y,v)
    y+=14
c+=hline(45,520,y-8)
c+=text(50,y+20,"Paragraf setelah tabel menjelaskan sumber dana kegiatan di atas.")
c+=text(290,800,"Halaman 1")
pdf([c], os.path.join(here, "borderless_hrules.pdf"))


# --- borderless_two_pages.pdf
data=[("1.01","Penyediaan jasa surat menyurat","bulan","12","30.000.000"),
      ("1.02","Penyediaan jasa komunikasi, sumber daya air dan listrik kantor","bulan","12","40.000.000"),
      ("1.03","Penyediaan peralatan dan perlengkapan kantor","paket","1","420.000.000"),
      ("1.04","Pemeliharaan kendaraan dinas","unit","21","531.000.000"),
      ("1.05","Penyelenggaraan rapat koordinasi dan konsultasi ke luar daerah","kali","24","350.000.000"),
      ("1.06","Penatausahaan arsip dinamis","dokumen","4","36.000.000")]
def wrap(s,n=34):
    out=[];cur=""
    for w in s.split():
        if len(cur)+len(w)+1>n: out.append(cur);cur=w
        else: cur=(cur+" "+w).strip()
    out.append(cur);return out
pages=[]
for pi,chunk in enumerate((data[:3],data[3:])):
    c=""
    if pi==0:
        c+=text(50,60,"Rencana kegiatan perangkat daerah tahun 2024 adalah sebagai berikut:")
        c+=text(180,85,"Tabel 3.2 Rencana Sub Kegiatan",bold=True)
    y=110
    for x,h in zip((50,100,300,370,430),("Kode","Sub Kegiatan","Satuan","Target","Pagu (Rp)")): c+=text(x,y,h,bold=True)
    y+=20
    for r in chunk:
        ls=wrap(r[1])
        c+=text(50,y,r[0]); c+=text(300,y,r[2]); c+=text(370,y,r[3]); c+=text(430,y,r[4])
        for k,l in enumerate(ls): c+=text(100,y+11*k,l)
        y+=11*len(ls)+6
    c+=text(290,800,f"Halaman {pi+1}")
    pages.append(c)
pdf(pages, os.path.join(here, "borderless_two_pages.pdf"))
