package org.consignmenthub.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void roundsHalfUpToTheCurrencysMinorUnit() {
        assertThat(Money.round(new BigDecimal("0.125"), "GBP")).isEqualByComparingTo("0.13");
        assertThat(Money.round(new BigDecimal("0.125"), "GBP").scale()).isEqualTo(2);
        assertThat(Money.round(new BigDecimal("800.5"), "JPY")).isEqualByComparingTo("801");
        assertThat(Money.round(new BigDecimal("800.5"), "JPY").scale()).isZero();
        assertThat(Money.round(new BigDecimal("-0.125"), "USD")).isEqualByComparingTo("-0.13");
    }

    @Test
    void extendsQuantityByPriceWithoutBinaryFractions() {
        assertThat(Money.extend(3, new BigDecimal("0.1"), "USD").toPlainString())
                .isEqualTo("0.30");
        assertThat(Money.extend(7, new BigDecimal("1.1850"), "GBP").toPlainString())
                .isEqualTo("8.30");
    }
}
