package org.consignmenthub.vendor.portal;

import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;

/**
 * A self-billing invoice or credit note as a PDF the vendor can file: who issued it on
 * whose behalf, under which self-billing agreement, the vendor's tax registration, each
 * line with its tax, and the totals exactly as the hub stored them.
 */
final class SelfBillingPdf {

    private static final Font TITLE = new Font(Font.HELVETICA, 16, Font.BOLD);
    private static final Font BODY = new Font(Font.HELVETICA, 10);
    private static final Font BOLD = new Font(Font.HELVETICA, 10, Font.BOLD);
    private static final String[] COLUMNS = {"SKU", "Description", "Date", "Quantity",
        "Unit price", "Net", "Tax rate", "Tax"};

    private SelfBillingPdf() {
    }

    static byte[] render(Map<String, Object> document) {
        ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        Document page = new Document(PageSize.A4, 40, 40, 40, 40);
        try {
            PdfWriter.getInstance(page, pdf);
            page.addTitle(String.valueOf(document.get("number")));
            page.open();
            heading(page, document);
            page.add(lines(document));
            totals(page, document);
            page.close();
        } catch (DocumentException e) {
            throw new IllegalStateException("document " + document.get("number")
                    + " could not be written as PDF", e);
        }
        return pdf.toByteArray();
    }

    private static void heading(Document page, Map<String, Object> document) {
        boolean credit = "CREDIT_NOTE".equals(document.get("kind"));
        page.add(new Paragraph((credit ? "Self-billing credit note " : "Self-billing invoice ")
                + document.get("number"), TITLE));
        page.add(new Paragraph(" ", BODY));
        String issued = ((Timestamp) document.get("issuedAt")).toInstant().toString();
        page.add(new Paragraph("Issued " + issued + " for the settlement period "
                + document.get("period"), BODY));
        page.add(new Paragraph("Issued by " + document.get("retailer") + " ("
                + document.get("legalEntity") + ") on behalf of the supplier "
                + document.get("vendorName") + " (" + document.get("vendor") + ")", BODY));
        page.add(new Paragraph("Supplier tax registration: "
                + orNone(document.get("vendorTaxRegistration")), BODY));
        page.add(new Paragraph("Self-billing agreement: " + document.get("selfBillingAgreement")
                + ". The supplier does not issue its own invoice for these supplies.", BODY));
        page.add(new Paragraph(" ", BODY));
    }

    @SuppressWarnings("unchecked")
    private static PdfPTable lines(Map<String, Object> document) {
        PdfPTable table = new PdfPTable(COLUMNS.length);
        table.setWidthPercentage(100);
        for (String column : COLUMNS) {
            table.addCell(new PdfPCell(new Phrase(column, BOLD)));
        }
        for (Map<String, Object> line : (List<Map<String, Object>>) document.get("lines")) {
            table.addCell(cell(line.get("sku"), false));
            table.addCell(cell(orNone(line.get("description")), false));
            table.addCell(cell(line.get("businessDate"), false));
            table.addCell(cell(line.get("quantity"), true));
            table.addCell(cell(plain(line.get("unitPrice")), true));
            table.addCell(cell(plain(line.get("netAmount")), true));
            table.addCell(cell(plain(line.get("taxRate")), true));
            table.addCell(cell(plain(line.get("taxAmount")), true));
        }
        return table;
    }

    private static void totals(Document page, Map<String, Object> document) {
        String currency = " " + document.get("currency");
        page.add(new Paragraph(" ", BODY));
        for (String[] total : new String[][] {{"Net total", "netTotal"},
                {"Tax total", "taxTotal"}, {"Total", "grossTotal"}}) {
            Paragraph line = new Paragraph(total[0] + ": " + plain(document.get(total[1]))
                    + currency, "grossTotal".equals(total[1]) ? BOLD : BODY);
            line.setAlignment(Element.ALIGN_RIGHT);
            page.add(line);
        }
    }

    private static PdfPCell cell(Object value, boolean number) {
        PdfPCell cell = new PdfPCell(new Phrase(String.valueOf(value), BODY));
        if (number) {
            cell.setHorizontalAlignment(Element.ALIGN_RIGHT);
        }
        return cell;
    }

    private static String plain(Object amount) {
        return amount instanceof BigDecimal decimal ? decimal.toPlainString()
                : String.valueOf(amount);
    }

    private static String orNone(Object value) {
        return value == null ? "none given" : value.toString();
    }
}
