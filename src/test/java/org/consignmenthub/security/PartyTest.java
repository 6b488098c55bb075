package org.consignmenthub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PartyTest {

    @Test
    void aVendorPartyIsScopedToItsVendorAndStaffHaveNoSingleScope() {
        Party vendor = Party.vendor("chk_00000001", "V1");
        Party staff = Party.staff("dana", Set.of(Role.SUPPORT));

        assertThat(vendor.scope().sqlValue()).isEqualTo("V1");
        assertThat(vendor.scope().covers("V2")).isFalse();
        assertThat(staff.hasRole(Role.SUPPORT)).isTrue();
        assertThat(staff.hasRole(Role.ADMIN)).isFalse();
        assertThatThrownBy(staff::scope).hasMessageContaining("dana is staff");
        assertThatThrownBy(() -> Party.vendor("x", " "))
                .hasMessageContaining("vendor code");
    }

    @Test
    void onlyWellFormedKeysAreLookedUp() {
        assertThat(Credentials.prefixOf("chk_0a1b2c3d.abcdefghijklmnopqrstuvwxyz"))
                .contains("chk_0a1b2c3d");
        assertThat(Credentials.prefixOf("chk_0a1b2c3d.short")).isEmpty();
        assertThat(Credentials.prefixOf("xyz_0a1b2c3d.abcdefghijklmnopqrstuvwxyz")).isEmpty();
        assertThat(Credentials.prefixOf(null)).isEmpty();
    }
}
