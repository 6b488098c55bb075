package org.consignmenthub.dashboard;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The dashboard's reads of the books: positions side by side per location and SKU, stock
 * on hand over time from the journal, and title transfers and invoiced value per vendor.
 * Queries are assembled from the filters actually given, so each one can follow an index
 * (see migration V6); values always travel as parameters.
 */
public class StockOverview {

    private static final String SIDE_BY_SIDE = """
            select p.legal_entity, p.location, p.sku, max(i.vendor) as vendor,
                max(i.description) as description,
                %s, %s
            from stock_position p
            left join item i on i.legal_entity = p.legal_entity and i.sku = p.sku
            """.formatted(holding("<>", "c"), holding("=", "o"));
    private static final String GROUPED = " group by p.legal_entity, p.location, p.sku";
    private static final String CONSIGNED_UNITS =
            "sum(p.quantity) filter (where p.owner <> 'RETAILER')";
    private static final String OWNED_UNITS =
            "sum(p.quantity) filter (where p.owner = 'RETAILER')";

    private final JdbcTemplate jdbc;

    public StockOverview(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One page of rows; one row more than the limit is read to tell if more follow. */
    public Page positions(PositionQuery query) {
        Statement statement = positionsStatement(query);
        List<PositionRow> rows = jdbc.query(statement.sql(), StockOverview::row,
                statement.args().toArray());
        boolean more = rows.size() > query.limit();
        return new Page(more ? rows.subList(0, query.limit()) : rows, query.offset(), more);
    }

    /** The SQL of one page and its parameters; only the filters given become conditions. */
    Statement positionsStatement(PositionQuery query) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder(SIDE_BY_SIDE).append(" where true");
        if (query.legalEntity() != null) {
            sql.append(" and p.legal_entity = ?");
            args.add(query.legalEntity());
        }
        if (query.location() != null) {
            sql.append(" and p.location = ?");
            args.add(query.location());
        }
        if (query.skuPrefix() != null) {
            sql.append(" and p.sku like ?");
            args.add(likePrefix(query.skuPrefix()));
        }
        if (query.vendor() != null) {
            sql.append(" and i.vendor = ?");
            args.add(query.vendor());
        }
        sql.append(GROUPED);
        if ("CONSIGNED".equals(query.owner())) {
            sql.append(" having ").append(CONSIGNED_UNITS).append(" > 0");
        } else if ("OWNED".equals(query.owner())) {
            sql.append(" having ").append(OWNED_UNITS).append(" > 0");
        }
        sql.append(orderBy(query.sort())).append(" limit ? offset ?");
        args.add(query.limit() + 1);
        args.add(query.offset());
        return new Statement(sql.toString(), args);
    }

    record Statement(String sql, List<Object> args) {
    }

    /** A page of side-by-side rows, and whether more follow it. */
    public record Page(List<PositionRow> rows, int offset, boolean more) {
    }

    /** The current rows of the given locations and SKUs (keys as legal entity, location, SKU). */
    public List<PositionRow> rows(Collection<PositionRef> refs) {
        if (refs.isEmpty()) {
            return List.of();
        }
        String[] entities = refs.stream().map(PositionRef::legalEntity).toArray(String[]::new);
        String[] locations = refs.stream().map(PositionRef::location).toArray(String[]::new);
        String[] skus = refs.stream().map(PositionRef::sku).toArray(String[]::new);
        return jdbc.query(SIDE_BY_SIDE + """
                join unnest(?::text[], ?::text[], ?::text[]) as k(legal_entity, location, sku)
                  on p.legal_entity = k.legal_entity and p.location = k.location
                 and p.sku = k.sku""" + GROUPED, StockOverview::row, entities, locations, skus);
    }

    /** A location and SKU of one legal entity: the identity of a side-by-side row. */
    public record PositionRef(String legalEntity, String location, String sku) {
    }

    /**
     * Consigned and owned units on hand at the end of each day that saw a movement, summed
     * from the journal by business time in the legal entity's time zone; the last
     * {@code days} days of movement are returned.
     */
    public List<Map<String, Object>> stockOverTime(String location, String vendor,
            String skuPrefix, int days) {
        List<Object> args = new ArrayList<>();
        StringBuilder where = new StringBuilder(
                " where m.bucket in ('AVAILABLE', 'ALLOCATED', 'DAMAGED')");
        if (location != null) {
            where.append(" and m.location = ?");
            args.add(location);
        }
        if (skuPrefix != null) {
            where.append(" and m.sku like ?");
            args.add(likePrefix(skuPrefix));
        }
        if (vendor != null) {
            where.append(" and m.sku in (select i.sku from item i"
                    + " where i.legal_entity = m.legal_entity and i.vendor = ?)");
            args.add(vendor);
        }
        args.add(days);
        return jdbc.queryForList("""
                with daily as (
                    select (m.business_time at time zone e.time_zone)::date as day,
                        coalesce(sum(m.quantity) filter (where m.owner <> 'RETAILER'), 0)
                            as consigned,
                        coalesce(sum(m.quantity) filter (where m.owner = 'RETAILER'), 0)
                            as owned
                    from stock_movement m join legal_entity e on e.code = m.legal_entity
                    %s
                    group by 1),
                running as (
                    select day, sum(consigned) over (order by day) as consigned,
                        sum(owned) over (order by day) as owned
                    from daily)
                select to_char(day, 'YYYY-MM-DD') as day, consigned, owned from (
                    select * from running order by day desc limit ?) latest
                order by day""".formatted(where), args.toArray());
    }

    /**
     * Per vendor and day or month: units whose title passed, net invoiced and net credited
     * (credits shown positive), in the vendor's currency. Transfers count by the day title
     * passed in the legal entity's time zone; billing lines by their business date.
     */
    public List<Map<String, Object>> transfersByVendor(Period period, LocalDate from) {
        String unit = period == Period.MONTH ? "month" : "day";
        String format = period == Period.MONTH ? "YYYY-MM" : "YYYY-MM-DD";
        Date since = Date.valueOf(from);
        return jdbc.queryForList("""
                select vendor, to_char(period, '%2$s') as period, currency,
                    sum(units) as units_transferred, sum(invoiced) as invoiced_net,
                    sum(credited) as credited_net
                from (
                    select t.vendor, date_trunc('%1$s', (t.transferred_at
                            at time zone e.time_zone)::date::timestamp) as period,
                        t.currency, t.quantity as units,
                        0::numeric as invoiced, 0::numeric as credited
                    from title_transfer t join legal_entity e on e.code = t.legal_entity
                    where t.transferred_at >= ?::date - interval '1 day'
                    union all
                    select b.vendor, date_trunc('%1$s', b.business_date::timestamp),
                        b.currency, 0,
                        case when b.kind = 'INVOICE' then b.net_amount else 0 end,
                        case when b.kind = 'CREDIT_NOTE' then -b.net_amount else 0 end
                    from billing_line b where b.business_date >= ?) figures
                where period >= date_trunc('%1$s', ?::date::timestamp)
                group by vendor, period, currency
                order by period, vendor""".formatted(unit, format), since, since, since);
    }

    /** How transfers and invoiced value are grouped in time. */
    public enum Period { DAY, MONTH }

    private static String holding(String ownerTest, String prefix) {
        StringBuilder columns = new StringBuilder();
        for (String bucket : List.of("AVAILABLE", "ALLOCATED", "IN_TRANSIT", "DAMAGED")) {
            if (columns.length() > 0) {
                columns.append(", ");
            }
            columns.append("coalesce(sum(p.quantity) filter (where p.owner ").append(ownerTest)
                    .append(" 'RETAILER' and p.bucket = '").append(bucket).append("'), 0) as ")
                    .append(prefix).append('_').append(bucket.toLowerCase());
        }
        return columns.toString();
    }

    private static String orderBy(PositionQuery.Sort sort) {
        return switch (sort) {
            case LOCATION -> " order by p.legal_entity, p.location, p.sku";
            case SKU -> " order by p.sku, p.legal_entity, p.location";
            case CONSIGNED -> " order by coalesce(" + CONSIGNED_UNITS
                    + ", 0) desc, p.legal_entity, p.location, p.sku";
            case OWNED -> " order by coalesce(" + OWNED_UNITS
                    + ", 0) desc, p.legal_entity, p.location, p.sku";
        };
    }

    /** A prefix as a LIKE pattern that takes its characters literally. */
    private static String likePrefix(String prefix) {
        return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private static PositionRow row(ResultSet rs, int n) throws SQLException {
        return new PositionRow(rs.getString("legal_entity"), rs.getString("location"),
                rs.getString("sku"), rs.getString("vendor"), rs.getString("description"),
                new PositionRow.Holding(rs.getLong("c_available"), rs.getLong("c_allocated"),
                        rs.getLong("c_in_transit"), rs.getLong("c_damaged")),
                new PositionRow.Holding(rs.getLong("o_available"), rs.getLong("o_allocated"),
                        rs.getLong("o_in_transit"), rs.getLong("o_damaged")));
    }
}
